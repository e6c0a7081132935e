using Npgsql;

namespace Bot.Benchmarks.Load;

/// <summary>
/// A database of its own on the PostgreSQL server <c>--postgres</c> names, for one <c>load</c> run: created empty (the
/// bots migrate it as they start) and dropped afterwards, so a run never reads an earlier run's rows.
/// </summary>
internal sealed class LoadDatabase(string server, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

    /// <summary>host:port/database, for the report; never the password.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public static async Task<LoadDatabase> CreateAsync(string server)
    {
        var name = $"bot_load_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name};");
        return new LoadDatabase(server, name);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
