namespace Bot.Storage;

/// <summary>
/// The database schema, as numbered steps applied in order at start. A step is never edited once released:
/// a change is a new step, so every existing database file can be brought forward.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<(int Version, string Description, string Sql)> All { get; } =
    [
        (1, "question log and feedback", """
            CREATE TABLE questions (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                guild_id    INTEGER,
                channel_id  INTEGER,
                user_id     INTEGER NOT NULL,
                question    TEXT    NOT NULL,
                answered    INTEGER NOT NULL,
                top_citation TEXT,
                asked_at    INTEGER NOT NULL
            );
            CREATE INDEX questions_by_guild_time ON questions (guild_id, asked_at);

            CREATE TABLE feedback (
                question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
                user_id     INTEGER NOT NULL,
                helpful     INTEGER NOT NULL,
                voted_at    INTEGER NOT NULL,
                PRIMARY KEY (question_id, user_id)
            );
            """),
        (2, "moderation: per-server settings, channel rules, blocks, aliases, audit log", """
            CREATE TABLE guild_settings (
                guild_id          INTEGER PRIMARY KEY,
                cooldown_seconds  INTEGER NOT NULL DEFAULT 0,
                private_replies   INTEGER NOT NULL DEFAULT 0,
                moderator_role_id INTEGER
            );

            CREATE TABLE channel_rules (
                guild_id   INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                allowed    INTEGER NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            );

            CREATE TABLE blocked_users (
                guild_id   INTEGER NOT NULL,
                user_id    INTEGER NOT NULL,
                reason     TEXT,
                blocked_by INTEGER NOT NULL,
                blocked_at INTEGER NOT NULL,
                PRIMARY KEY (guild_id, user_id)
            );

            CREATE TABLE aliases (
                guild_id INTEGER NOT NULL,
                term     TEXT    NOT NULL,
                means    TEXT    NOT NULL,
                added_by INTEGER NOT NULL,
                added_at INTEGER NOT NULL,
                PRIMARY KEY (guild_id, term)
            );

            CREATE TABLE audit_log (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                guild_id     INTEGER NOT NULL,
                moderator_id INTEGER NOT NULL,
                action       TEXT    NOT NULL,
                details      TEXT    NOT NULL,
                reason       TEXT,
                at           INTEGER NOT NULL
            );
            CREATE INDEX audit_log_by_guild ON audit_log (guild_id, id);

            CREATE INDEX questions_by_time ON questions (asked_at);
            """),
        (3, "each server's own articles, and whether the shipped articles answer there", """
            CREATE TABLE guild_articles (
                guild_id       INTEGER NOT NULL,
                article_id     TEXT    NOT NULL,
                title          TEXT    NOT NULL,
                file_name      TEXT    NOT NULL,
                paragraphs     INTEGER NOT NULL,
                text_bytes     INTEGER NOT NULL,
                added_by       INTEGER NOT NULL,
                added_at       INTEGER NOT NULL,
                source         TEXT    NOT NULL,
                content_sha256 TEXT    NOT NULL,
                PRIMARY KEY (guild_id, article_id),
                UNIQUE (guild_id, content_sha256)
            );

            CREATE TABLE guild_libraries (
                guild_id INTEGER PRIMARY KEY,
                shipped  INTEGER NOT NULL DEFAULT 1,
                revision INTEGER NOT NULL DEFAULT 0
            );
            """),
    ];
}
