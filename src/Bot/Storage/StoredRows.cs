using System.Data.Common;
using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// How stored rows read back into the bot's records, once for SQLite and PostgreSQL: both providers' statements return
/// the same columns in the same order, and ADO.NET's <see cref="DbDataReader"/> reads either. Where the two store a
/// value differently, the reader call chosen reads both: <c>GetBoolean</c> SQLite's 0/1 integers and PostgreSQL's
/// booleans, <c>GetInt64</c> SQLite's integers and PostgreSQL's <c>bigint</c> counts.
/// </summary>
internal static class StoredRows
{
    /// <summary>The columns <see cref="ArticleInfo"/> reads, in its order.</summary>
    public const string ArticleInfoColumns = "article_id, title, file_name, paragraphs, text_bytes, added_by, added_at";

    /// <summary>
    /// A server's library from two results: <c>shipped, revision</c> of its library row (none when nobody changed it), then
    /// its articles as <see cref="ArticleInfoColumns"/>, <c>source, content_sha256</c>.
    /// </summary>
    public static async Task<GuildLibrary> LibraryAsync(DbDataReader reader, Snowflake guildId, CancellationToken cancellationToken)
    {
        var library = GuildLibrary.Default(guildId);
        if (await reader.ReadAsync(cancellationToken))
        {
            library = library with { ShippedArticles = reader.GetBoolean(0), Revision = reader.GetInt64(1) };
        }

        await reader.NextResultAsync(cancellationToken);
        var articles = await AllAsync(reader, row => new GuildArticle(ArticleInfo(row), row.GetString(7), row.GetString(8)), cancellationToken);
        return library with { Articles = articles };
    }

    /// <summary>Every row as <see cref="ArticleInfoColumns"/>.</summary>
    public static Task<IReadOnlyList<GuildArticleInfo>> ArticleInfosAsync(DbDataReader reader, CancellationToken cancellationToken) =>
        AllAsync(reader, ArticleInfo, cancellationToken);

    /// <summary>
    /// A server's moderation from four results: <c>cooldown_seconds, private_replies, moderator_role_id</c> of its settings
    /// row (none when nobody changed them), its channel rules <c>channel_id, allowed</c>, its blocked users
    /// <c>user_id, reason, blocked_by, blocked_at</c>, and its aliases <c>term, means, added_by, added_at</c>.
    /// </summary>
    public static async Task<GuildModeration> ModerationAsync(DbDataReader reader, Snowflake guildId, CancellationToken cancellationToken)
    {
        var settings = GuildModeration.Default(guildId);
        if (await reader.ReadAsync(cancellationToken))
        {
            settings = settings with
            {
                CooldownSeconds = reader.GetInt32(0),
                PrivateReplies = reader.GetBoolean(1),
                ModeratorRoleId = reader.IsDBNull(2) ? null : Snowflake(reader.GetInt64(2)),
            };
        }

        await reader.NextResultAsync(cancellationToken);
        var allowed = new List<Snowflake>();
        var denied = new List<Snowflake>();
        while (await reader.ReadAsync(cancellationToken))
        {
            (reader.GetBoolean(1) ? allowed : denied).Add(Snowflake(reader.GetInt64(0)));
        }

        await reader.NextResultAsync(cancellationToken);
        var blocked = await AllAsync(
            reader,
            row => new BlockedUser(Snowflake(row.GetInt64(0)), NullableString(row, 1), Snowflake(row.GetInt64(2)), Time(row.GetInt64(3))),
            cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var aliases = await AllAsync(
            reader,
            row => new GuildAlias(row.GetString(0), row.GetString(1), Snowflake(row.GetInt64(2)), Time(row.GetInt64(3))),
            cancellationToken);
        return settings with { AllowedChannels = allowed, DeniedChannels = denied, Blocked = blocked, Aliases = aliases };
    }

    /// <summary>Every row as <c>id, moderator_id, action, details, reason, at</c> of the server's audit log.</summary>
    public static Task<IReadOnlyList<AuditEntry>> AuditEntriesAsync(DbDataReader reader, Snowflake guildId, CancellationToken cancellationToken) => AllAsync(
        reader,
        row => new AuditEntry(guildId, Snowflake(row.GetInt64(1)), row.GetString(2), row.GetString(3), NullableString(row, 4), Time(row.GetInt64(5)), row.GetInt64(0)),
        cancellationToken);

    /// <summary>The question <paramref name="id"/> from <c>guild_id, channel_id, user_id, question, answered, top_citation, asked_at</c>; null without a row.</summary>
    public static async Task<QuestionRecord?> QuestionAsync(DbDataReader reader, long id, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new QuestionRecord(
            NullableSnowflake(reader, 0),
            NullableSnowflake(reader, 1),
            Snowflake(reader.GetInt64(2)),
            reader.GetString(3),
            reader.GetBoolean(4),
            NullableString(reader, 5),
            Time(reader.GetInt64(6)),
            id);
    }

    /// <summary>Every row as <c>question, top_citation, helpful votes, not-helpful votes, asked_at</c>.</summary>
    public static Task<IReadOnlyList<VotedAnswer>> VotedAnswersAsync(DbDataReader reader, CancellationToken cancellationToken) => AllAsync(
        reader,
        row => new VotedAnswer(row.GetString(0), NullableString(row, 1), (int)row.GetInt64(2), (int)row.GetInt64(3), Time(row.GetInt64(4))),
        cancellationToken);

    /// <summary>
    /// A server's statistics from three results: <c>asked, answered, askers</c>; <c>helpful, not helpful</c> votes; and the
    /// busiest channels as <c>channel_id, questions</c>.
    /// </summary>
    public static async Task<QuestionStats> StatsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var (asked, answered, askers) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (helpful, notHelpful) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
        await reader.NextResultAsync(cancellationToken);
        var channels = await AllAsync(reader, row => new ChannelCount(NullableSnowflake(row, 0), (int)row.GetInt64(1)), cancellationToken);
        return new QuestionStats(asked, answered, askers, helpful, notHelpful, channels);
    }

    /// <summary>The rest of the current result, one record per row.</summary>
    public static async Task<IReadOnlyList<T>> AllAsync<T>(DbDataReader reader, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    private static GuildArticleInfo ArticleInfo(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetInt64(4),
        Snowflake(reader.GetInt64(5)),
        Time(reader.GetInt64(6)));

    private static Snowflake Snowflake(long value) => new((ulong)value);

    private static Snowflake? NullableSnowflake(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Snowflake(reader.GetInt64(ordinal));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
