using Microsoft.Data.Sqlite;

namespace Bot.Tests.Support;

/// <summary>Damages a SQLite file the way a bad sector or a stray write would, for the specs of a bot whose database fails.</summary>
internal static class DatabaseDamage
{
    /// <summary>Overwrites the root page of <paramref name="table"/> with bytes that are no b-tree page, as a bad sector or a stray write would.</summary>
    public static async Task DamageTableAsync(string path, string table)
    {
        long page;
        long pageSize;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Everything into the main file first, so the damage is not hidden behind a newer copy in the WAL.
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
            command.CommandText = $"SELECT rootpage FROM sqlite_schema WHERE name = '{table}';";
            page = (long)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA page_size;";
            pageSize = (long)(await command.ExecuteScalarAsync())!;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Seek((page - 1) * pageSize, SeekOrigin.Begin);
        await file.WriteAsync(Enumerable.Repeat((byte)0xEE, (int)pageSize).ToArray());
    }
}
