using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>Something another bot process changed, which this process may be holding in memory.</summary>
public abstract record StoredChange
{
    private StoredChange()
    {
    }

    /// <summary>A moderator changed a server's settings (block, channels, cooldown, visibility, aliases, role).</summary>
    public sealed record GuildSettings(Snowflake GuildId) : StoredChange;

    /// <summary>A moderator added or removed one of a server's own articles, or turned its shipped articles on or off.</summary>
    public sealed record GuildArticles(Snowflake GuildId) : StoredChange;

    /// <summary>A moderator reloaded the knowledge file (<c>/mod reload</c>): each process reloads its own copy.</summary>
    public sealed record KnowledgeReloaded : StoredChange;

    /// <summary>Changes may have been missed (the feed reconnected): forget everything held in memory.</summary>
    public sealed record Anything : StoredChange;
}

/// <summary>
/// What the other bot processes sharing this database changed, so each process can keep serving moderation settings
/// from memory and still honour a change made through another one. Settings changes are announced by the store
/// itself, in the transaction that makes them; other announcements go through <see cref="PublishAsync"/>.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Raised for each change another process made. Handlers run on the feed's own loop: quick, and never throwing.</summary>
    event Action<StoredChange>? Changed;

    /// <summary>False while changes could be missed (the feed is not connected): nothing should be served from memory then.</summary>
    bool IsLive { get; }

    /// <summary>Tells every other process; throws <see cref="StorageException"/> when the database cannot be reached.</summary>
    Task PublishAsync(StoredChange change, CancellationToken cancellationToken);
}

/// <summary>SQLite: the file belongs to one process, so there is nobody else to hear from or to tell.</summary>
internal sealed class SingleProcessChangeFeed : IChangeFeed
{
    public event Action<StoredChange>? Changed
    {
        add { }
        remove { }
    }

    public bool IsLive => true;

    public Task PublishAsync(StoredChange change, CancellationToken cancellationToken) => Task.CompletedTask;
}
