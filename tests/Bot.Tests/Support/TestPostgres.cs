using Npgsql;

namespace Bot.Tests.Support;

/// <summary>
/// The PostgreSQL server the storage specs run against: <c>BOT_TEST_POSTGRES</c>, as <c>scripts/postgres.sh start</c>
/// prints it. Each spec gets a database of its own, created empty and dropped afterwards, so specs run side by side
/// and every one of them starts from the first migration.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "BOT_TEST_POSTGRES";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString ? connectionString : null;

    /// <summary>CI must run the PostgreSQL specs: there a missing server fails them instead of leaving them out.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the PostgreSQL specs are part of this run (<c>PostgresFactAttribute</c>, <c>TestStorage.Providers</c>; linked into the end-to-end specs too).</summary>
    public static bool Runs => ServerConnectionString is not null || Required;

    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var server = ServerConnectionString
            ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run starts the server with scripts/postgres.sh start before the tests.");
        var name = $"bot_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(server, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, name);
    }
}

/// <summary>An empty database of its own for one spec; dropped, with whatever is still connected to it, on disposal.</summary>
internal sealed class TestDatabase(string server, string connectionString, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
