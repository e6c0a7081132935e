using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bot.Tests.Support;

/// <summary>
/// A fresh, empty database of one provider for one spec: a SQLite file in a temp folder, or a database of its own on
/// the test PostgreSQL server. Several harnesses built on the same one are several bot processes sharing it.
/// </summary>
internal sealed class TestStorage : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly TestDatabase? _postgres;

    private TestStorage(string provider, IReadOnlyDictionary<string, string?> settings, string? folder, TestDatabase? postgres)
    {
        Provider = provider;
        Settings = settings;
        _folder = folder;
        _postgres = postgres;
    }

    /// <summary>The providers the store specs run on: SQLite always, PostgreSQL when its specs run (<see cref="TestPostgres.Runs"/>).</summary>
    public static TheoryData<string> Providers
    {
        get
        {
            var providers = new TheoryData<string> { "sqlite" };
            if (TestPostgres.Runs)
            {
                providers.Add("postgres");
            }

            return providers;
        }
    }

    public string Provider { get; }

    /// <summary>The <c>Storage:*</c> settings that point the bot at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public TestDatabase Postgres => _postgres ?? throw new InvalidOperationException("Not a PostgreSQL database.");

    public static async Task<TestStorage> CreateAsync(string provider)
    {
        if (provider == "postgres")
        {
            var database = await TestPostgres.CreateDatabaseAsync();
            return new TestStorage(provider, new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database.ConnectionString }, null, database);
        }

        var folder = Directory.CreateTempSubdirectory("bot-storage-").FullName;
        return new TestStorage(provider, new Dictionary<string, string?> { ["Storage:Provider"] = "sqlite", ["Storage:Path"] = Path.Combine(folder, "bot.db") }, folder, null);
    }

    /// <summary>
    /// The storage layer's refusal of a row whose key is taken: a <see cref="Bot.Storage.StorageException"/> (the one
    /// storage error type above that layer) around SQLITE_CONSTRAINT or PostgreSQL's unique_violation.
    /// </summary>
    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        Bot.Storage.StorageException { InnerException: SqliteException sqlite } => sqlite.SqliteErrorCode == 19,
        Bot.Storage.StorageException { InnerException: PostgresException postgres } => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
