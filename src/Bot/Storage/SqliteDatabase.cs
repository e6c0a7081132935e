using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>
/// The SQLite file behind the bot: opened in WAL mode with full synchronous commits, so a setting a moderator
/// saw confirmed survives the process being killed at any moment; the schema is brought up to date once,
/// before the first use.
/// </summary>
public sealed class SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
{
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _ready;

    public string FilePath { get; } = Path.GetFullPath(options.Value.Path);

    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = FilePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 5,
    }.ToString();

    /// <summary>
    /// Opens a connection to an up-to-date database. Throws <see cref="StorageException"/> when the file cannot be
    /// migrated; afterwards SQLite's own exceptions pass, so callers go through <see cref="UseAsync{T}"/>.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await MigrateAsync(cancellationToken);
        }

        return await OpenRawAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection to the up-to-date database. SQLite's failures come out as a
    /// <see cref="StorageException"/> saying what the bot was <paramref name="doing"/>, so nothing above this layer needs
    /// to know SQLite's exception type or its codes.
    /// </summary>
    public async Task<T> UseAsync<T>(string doing, Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (SqliteException exception)
        {
            throw StorageException.From(exception, FilePath, doing);
        }
    }

    /// <inheritdoc cref="UseAsync{T}(string, Func{SqliteConnection, Task{T}}, CancellationToken)"/>
    public Task UseAsync(string doing, Func<SqliteConnection, Task> work, CancellationToken cancellationToken) =>
        UseAsync(doing, async connection =>
        {
            await work(connection);
            return true;
        }, cancellationToken);

    /// <summary>Creates the file and applies any schema steps it lacks.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            var folder = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await using var connection = await OpenRawAsync(cancellationToken);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description TEXT NOT NULL, applied_at INTEGER NOT NULL);", cancellationToken);
            var current = await ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken);
            foreach (var (version, description, sql) in SchemaMigrations.All.Where(step => step.Version > current).OrderBy(step => step.Version))
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken, transaction);
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $at);";
                record.Parameters.AddWithValue("$version", version);
                record.Parameters.AddWithValue("$description", description);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Database {Path}: applied schema step {Version} ({Description})", FilePath, version, description);
            }

            _ready = true;
        }
        catch (SqliteException exception)
        {
            throw StorageException.From(exception, FilePath, "opening it");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(StorageFailure.Unavailable, $"The database '{FilePath}' cannot be created: {exception.Message}", exception);
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);

        // Per connection: wait for a busy writer instead of failing, enforce references, and make every commit durable.
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", cancellationToken);
        return connection;
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
