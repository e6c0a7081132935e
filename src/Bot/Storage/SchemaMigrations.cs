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
    ];
}
