using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>
/// Writes one shard's session to its <see cref="IGatewaySessionStore"/> off the receive loop: the loop only records the
/// newest state, and one write at a time carries the newest state when it starts, at most one every
/// <see cref="Spacing"/>, so under load the writes coalesce (about 20 a second per shard, not one per event) and the
/// stored sequence trails the received one by at most that and a round trip. A RESUME from a sequence a little behind
/// replays the few events the dead process had already handled; for interactions Discord refuses the second callback
/// (40060, "already acknowledged"), so nothing is answered twice.
/// A failed write is logged and the next event tries again: the session itself is unharmed.
/// </summary>
internal sealed class GatewaySessionKeeper(GatewayShard shard, IGatewaySessionStore store, ILogger logger)
{
    /// <summary>The least time between two writes of one shard's session.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(50);

    private readonly Lock sync = new();
    private SavedGatewaySession? newest;
    private bool forget;
    private bool changed;
    private bool writing;
    private Task current = Task.CompletedTask;

    public bool Persists => store.Persists;

    /// <summary>The session that process saved last, if any; a store that cannot be read means identifying afresh.</summary>
    public async Task<SavedGatewaySession?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!store.Persists)
        {
            return null;
        }

        try
        {
            return await store.LoadAsync(shard, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Shard {Shard}: Could not read the saved gateway session, identifying instead: {Reason}", shard, exception.Message);
            return null;
        }
    }

    /// <summary>READY: a new session to keep.</summary>
    public void Keep(SavedGatewaySession session) => Change(session, forgetting: false);

    /// <summary>A dispatch with sequence <paramref name="sequence"/> was handed on.</summary>
    public void Advance(int sequence)
    {
        lock (sync)
        {
            if (newest is null || forget || newest.Sequence >= sequence)
            {
                return;
            }
        }

        Change(newest with { Sequence = sequence }, forgetting: false);
    }

    /// <summary>The session is gone (invalidated, or closed with 1000): a restart must not try to resume it.</summary>
    public void Forget() => Change(null, forgetting: true);

    /// <summary>Waits for the write under way and any it leaves (on shutdown, so the last sequence is stored).</summary>
    public async Task FlushAsync()
    {
        Task pending;
        lock (sync)
        {
            pending = current;
        }

        await pending.ConfigureAwait(false);
    }

    private void Change(SavedGatewaySession? session, bool forgetting)
    {
        if (!store.Persists)
        {
            return;
        }

        lock (sync)
        {
            newest = session;
            forget = forgetting;
            changed = true;
            if (!writing)
            {
                writing = true;
                current = Task.Run(WriteAsync);
            }
        }
    }

    private async Task WriteAsync()
    {
        while (true)
        {
            SavedGatewaySession? session;
            bool forgetting;
            lock (sync)
            {
                if (!changed)
                {
                    writing = false;
                    return;
                }

                (session, forgetting, changed) = (newest, forget, false);
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                if (forgetting || session is null)
                {
                    await store.ForgetAsync(shard, timeout.Token).ConfigureAwait(false);
                }
                else
                {
                    await store.SaveAsync(shard, session, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                logger.LogWarning("Shard {Shard}: Could not save the gateway session (a restart would identify instead of resuming): {Reason}", shard, exception.Message);
            }

            await Task.Delay(Spacing).ConfigureAwait(false);
        }
    }
}
