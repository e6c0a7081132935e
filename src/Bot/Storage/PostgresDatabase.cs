using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The PostgreSQL database several bot processes share: a pool of connections, the schema brought up to date once
/// before the first use, and every Npgsql failure turned into a <see cref="StorageException"/> that names the server
/// (never the password).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The advisory lock every process takes around its migrations, so two processes starting at once apply each step
    /// once: the second waits, then finds the steps recorded. Advisory locks belong to one database, so other databases
    /// on the same server never wait on it. The number is arbitrary, fixed forever.
    /// </summary>
    private const long MigrationLock = 0x426F_745F_4D69_6772; // "Bot_Migr"

    private readonly NpgsqlDataSource _source;
    private readonly ILogger<PostgresDatabase> _logger;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _ready;

    public PostgresDatabase(IOptions<StorageOptions> options, ILogger<PostgresDatabase> logger)
    {
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        Name = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _source = NpgsqlDataSource.Create(builder);

        // The change feed holds one connection open for hours: its own, outside the pool, with keepalives so that a
        // server gone quiet is noticed within seconds rather than when the operating system gives up on the socket.
        ListenerConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString;
    }

    /// <summary>host:port/database, for messages; the connection string itself may hold a password.</summary>
    public string Name { get; }

    /// <summary>This process's own id in the change feed's messages, so it can ignore its own announcements.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

    internal string ListenerConnectionString { get; }

    /// <summary>Opens a pooled connection to an up-to-date database.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await MigrateAsync(cancellationToken);
        }

        return await _source.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on an open connection; a failure of the database becomes a <see cref="StorageException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unusable(exception);
        }
    }

    /// <summary>
    /// Applies the schema steps the database lacks, all in one transaction under <see cref="MigrationLock"/>: PostgreSQL
    /// DDL is transactional, so a process killed half-way leaves the database as it was.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken);
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL);", cancellationToken);
            await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection))
            {
                var current = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
                foreach (var (version, description, sql) in PostgresSchemaMigrations.All.Where(step => step.Version > current).OrderBy(step => step.Version))
                {
                    await ExecuteAsync(connection, sql, cancellationToken);
                    await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at);", connection);
                    record.Parameters.AddWithValue("version", version);
                    record.Parameters.AddWithValue("description", description);
                    record.Parameters.AddWithValue("at", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                    await record.ExecuteNonQueryAsync(cancellationToken);
                    _logger.LogInformation("Database {Database}: applied schema step {Version} ({Description})", Name, version, description);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            _ready = true;
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unusable(exception);
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <summary>Npgsql's failure as the bot's: lock waits and conflicts are <see cref="StorageFailure.Busy"/>, data errors <see cref="StorageFailure.Damaged"/>.</summary>
    public StorageException Unusable(NpgsqlException exception) =>
        new(Classify(exception), $"The PostgreSQL database {Name} cannot be used: {exception.Message}", exception);

    /// <summary>By SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html); anything else cannot be used for now.</summary>
    private static StorageFailure Classify(NpgsqlException exception) => (exception as PostgresException)?.SqlState switch
    {
        PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure => StorageFailure.Busy,
        PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted => StorageFailure.Damaged,
        _ => StorageFailure.Unavailable,
    };

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
