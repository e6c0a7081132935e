using Bot.Discord.Abstractions;

namespace Bot.Discord.Gateway;

/// <summary>
/// Where each shard's session is kept outside the process, so that a process that restarts (after a crash, a kill or
/// a deploy) RESUMEs its shards instead of identifying them afresh: Discord keeps a session whose connection dropped
/// without a 1000/1001 close for a few minutes and replays on RESUME what was sent meanwhile
/// (docs/events--gateway.mdx, "Disconnecting" and "Resuming"). RESUME needs <c>session_id</c>, READY's
/// <c>resume_gateway_url</c> and the last sequence number; the application id comes from READY too. A shard's session
/// is keyed by shard id and count: after a re-shard the old sessions are not the new shards'.
/// </summary>
public interface IGatewaySessionStore
{
    /// <summary>Whether sessions outlive the process (so stopping should keep them resumable).</summary>
    bool Persists { get; }

    Task<SavedGatewaySession?> LoadAsync(GatewayShard shard, CancellationToken cancellationToken);

    Task SaveAsync(GatewayShard shard, SavedGatewaySession session, CancellationToken cancellationToken);

    Task ForgetAsync(GatewayShard shard, CancellationToken cancellationToken);
}

/// <summary>What a RESUME needs, as READY gave it and the last dispatch advanced it.</summary>
public sealed record SavedGatewaySession(string SessionId, string ResumeGatewayUrl, int Sequence, Snowflake ApplicationId);

/// <summary>The default: sessions live only in the process, so a restarted process identifies (the SQLite topology, one process).</summary>
internal sealed class InProcessGatewaySessions : IGatewaySessionStore
{
    public bool Persists => false;

    public Task<SavedGatewaySession?> LoadAsync(GatewayShard shard, CancellationToken cancellationToken) => Task.FromResult<SavedGatewaySession?>(null);

    public Task SaveAsync(GatewayShard shard, SavedGatewaySession session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ForgetAsync(GatewayShard shard, CancellationToken cancellationToken) => Task.CompletedTask;
}
