using System.Data;
using System.Data.Common;
using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// Commands over ADO.NET's <see cref="DbConnection"/>, for the statements whose SQL is the same in SQLite and PostgreSQL.
/// Parameters are written <c>@name</c>, a prefix both providers read.
/// </summary>
internal static class DbCommands
{
    /// <summary>A command in <paramref name="transaction"/> (none: on its own) with its parameters; a null value is sent as SQL NULL.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    /// <summary>A command about one server: <c>@guild</c> is its id.</summary>
    public static DbCommand ForGuild(DbConnection connection, DbTransaction? transaction, string sql, Snowflake guildId, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Create(connection, transaction, sql, [("@guild", Id(guildId)), .. parameters]);

    /// <summary>Adds a parameter; with <paramref name="type"/>, a null still tells PostgreSQL what it is.</summary>
    public static void Add(DbCommand command, string name, object? value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } known)
        {
            parameter.DbType = known;
        }

        command.Parameters.Add(parameter);
    }

    /// <summary>A snowflake as the signed 64-bit integer both databases store it in.</summary>
    public static long Id(Snowflake id) => (long)id.Value;
}
