using System.Text.Json;

namespace FakeDiscord;

/// <summary>A test's grip on one interaction it dispatched: wait for the bot's callback, the visible reply, follow-ups.</summary>
public sealed class InteractionHandle
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(10);
    private readonly InteractionState _state;
    private readonly Lazy<JsonElement> _payload;

    internal InteractionHandle(InteractionState state)
    {
        _state = state;
        // Built when a test asks: a load run holds thousands of handles and reads none of their payloads.
        _payload = new Lazy<JsonElement>(() => JsonNodes.Element(state.Payload));
    }

    public ulong Id => _state.Id;

    public string Token => _state.Token;

    /// <summary>The INTERACTION_CREATE <c>d</c> as dispatched.</summary>
    public JsonElement Payload => _payload.Value;

    public DateTimeOffset? DispatchedAt
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.DispatchedAt;
            }
        }
    }

    /// <summary>The shard whose gateway session the interaction was sent to; null until it was routed, and over HTTP.</summary>
    public int? Shard
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.Shard;
            }
        }
    }

    public InteractionCallback? Callback
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.Callback;
            }
        }
    }

    /// <summary>The reply as it stands, or null before the callback or when the callback made no message.</summary>
    public VisibleMessage? Original
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.Reply is ReplyState.Visible or ReplyState.Deferred ? _state.Visible() : null;
            }
        }
    }

    public bool OriginalDeleted
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.Reply == ReplyState.Deleted;
            }
        }
    }

    public IReadOnlyList<RecordedMessage> Followups
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.Followups];
            }
        }
    }

    /// <summary>The accepted callback (rejected ones are in <c>Violations</c>), with its latency from dispatch.</summary>
    public async Task<InteractionCallback> WaitForCallbackAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _state.CallbackReceived.Task.WaitAsync(timeout ?? s_defaultTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The bot did not answer interaction {Id} within {(timeout ?? s_defaultTimeout).TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// The reply once the user can see it: the type 4/7 message, or the @original edit (or first follow-up) after a
    /// deferral. With <paramref name="minimumEdits"/>, waits until the bot has edited it that many times and returns the
    /// latest version.
    /// </summary>
    public async Task<VisibleMessage> WaitForOriginalAsync(TimeSpan? timeout = null, int minimumEdits = 0, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? s_defaultTimeout;
        try
        {
            var first = await _state.OriginalVisible.Task.WaitAsync(limit, cancellationToken);
            if (minimumEdits <= 0)
            {
                return first;
            }

            await _state.EditSignal.WaitAsync(minimumEdits, limit, cancellationToken);
            lock (_state.Gate)
            {
                return _state.Visible();
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Interaction {Id} had no visible reply with {minimumEdits} edit(s) within {limit.TotalSeconds:0.#} s (callback: {Callback?.Type.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        }
    }

    /// <summary>Over HTTP: the status the bot's interactions endpoint answered with (0 when it did not answer at all).</summary>
    public async Task<int> WaitForHttpStatusAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!_state.OverHttp)
        {
            throw new InvalidOperationException($"Interaction {Id} went over the gateway, not HTTP.");
        }

        return await _state.HttpAnswered.Task.WaitAsync(timeout ?? s_defaultTimeout, cancellationToken);
    }

    public async Task<IReadOnlyList<RecordedMessage>> WaitForFollowupsAsync(int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await _state.FollowupSignal.WaitAsync(count, timeout ?? s_defaultTimeout, cancellationToken);
        return Followups;
    }
}
