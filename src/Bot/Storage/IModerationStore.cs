using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// What the moderators of one server have set: where the bot answers, who may not use it, how often members may
/// ask, how replies are shown, who else moderates, and the server's own aliases.
/// </summary>
public sealed record GuildModeration(
    Snowflake GuildId,
    int CooldownSeconds,
    bool PrivateReplies,
    Snowflake? ModeratorRoleId,
    IReadOnlyList<Snowflake> AllowedChannels,
    IReadOnlyList<Snowflake> DeniedChannels,
    IReadOnlyList<BlockedUser> Blocked,
    IReadOnlyList<GuildAlias> Aliases)
{
    /// <summary>A server nobody has moderated yet: answers everywhere, to everyone, publicly, without a cooldown.</summary>
    public static GuildModeration Default(Snowflake guildId) => new(guildId, 0, false, null, [], [], [], []);
}

public sealed record BlockedUser(Snowflake UserId, string? Reason, Snowflake BlockedBy, DateTimeOffset BlockedAt);

/// <summary>A server's alias: a question saying <see cref="Term"/> also finds <see cref="Means"/> (one way).</summary>
public sealed record GuildAlias(string Term, string Means, Snowflake AddedBy, DateTimeOffset AddedAt);

/// <summary>One line of the audit log: who changed what, when, and why.</summary>
public sealed record AuditEntry(Snowflake GuildId, Snowflake ModeratorId, string Action, string Details, string? Reason, DateTimeOffset At, long Id = 0);

/// <summary>A change a moderator makes; each is stored with its audit line in one transaction.</summary>
public abstract record ModerationChange
{
    private ModerationChange()
    {
    }

    /// <summary>The bot answers in this channel; once any channel is allowed, only in allowed ones.</summary>
    public sealed record AllowChannel(Snowflake ChannelId) : ModerationChange;

    /// <summary>The bot never answers in this channel.</summary>
    public sealed record DenyChannel(Snowflake ChannelId) : ModerationChange;

    /// <summary>Forget every channel rule: the bot answers everywhere again.</summary>
    public sealed record ResetChannels : ModerationChange;

    public sealed record BlockUser(Snowflake UserId, string? Reason) : ModerationChange;

    public sealed record UnblockUser(Snowflake UserId) : ModerationChange;

    public sealed record SetCooldown(int Seconds) : ModerationChange;

    public sealed record SetPrivateReplies(bool Private) : ModerationChange;

    public sealed record SetModeratorRole(Snowflake? RoleId) : ModerationChange;

    public sealed record AddAlias(string Term, string Means) : ModerationChange;

    public sealed record RemoveAlias(string Term) : ModerationChange;
}

/// <summary>
/// The moderation settings of every server. Kept behind this interface so that a server-based database can replace
/// SQLite for deployments that run several bot processes. Failures come out as <see cref="StorageException"/>, whatever
/// the database, so the commands tell people what is wrong without knowing the database's own exception types.
/// </summary>
public interface IModerationStore
{
    Task<GuildModeration> LoadAsync(Snowflake guildId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> and writes <paramref name="audit"/> in one durable transaction; returns false
    /// (and writes nothing) when the change would change nothing, such as unblocking someone who is not blocked.
    /// </summary>
    Task<bool> ApplyAsync(ModerationChange change, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Writes an audit line for an action that changes no setting (a reload).</summary>
    Task RecordAsync(AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> audit lines of a server, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditLogAsync(Snowflake guildId, int count, CancellationToken cancellationToken);
}
