using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>How the database failed, as far as what to tell people and whether to try again go.</summary>
public enum StorageFailure
{
    /// <summary>The file cannot be opened or written (a directory, read-only, a full disk, an I/O error, shutting down).</summary>
    Unavailable,

    /// <summary>Another program held the write lock past the busy timeout: the same request will work in a moment.</summary>
    Busy,

    /// <summary>The file is not a SQLite database, or some of its pages are malformed: it needs restoring or resetting.</summary>
    Damaged,
}

/// <summary>
/// The database cannot be used. <see cref="Failure"/> says how; the message names the file, what the bot was doing
/// and SQLite's reason, and for a damaged file how to recover. The one storage error type above the storage layer.
/// </summary>
public sealed class StorageException(StorageFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public StorageFailure Failure { get; } = failure;

    /// <summary>SQLite's failure as the bot's, by its primary result code (https://sqlite.org/rescode.html).</summary>
    internal static StorageException From(SqliteException exception, string path, string doing)
    {
        var reason = exception.Message.TrimEnd('.');
        return (exception.SqliteErrorCode & 0xFF) switch
        {
            // SQLITE_BUSY, SQLITE_LOCKED
            5 or 6 => new StorageException(
                StorageFailure.Busy,
                $"The database '{path}' is busy while {doing}: another program has held it locked for longer than the bot waits ({reason}).",
                exception),
            // SQLITE_CORRUPT, SQLITE_NOTADB
            11 or 26 => new StorageException(
                StorageFailure.Damaged,
                $"The database '{path}' is damaged ({reason}) while {doing}. The bot has deleted and rewritten nothing. To recover: stop the bot " +
                $"and keep a copy of the file; then restore it from a backup, or salvage what is readable with `sqlite3 '{path}' .recover | sqlite3 '{path}.recovered'` " +
                "and point Storage:Path at the result; or move the file aside to reset every server's settings and the question log.",
                exception),
            _ => new StorageException(StorageFailure.Unavailable, $"The database '{path}' cannot be used while {doing}: {reason}.", exception),
        };
    }
}
