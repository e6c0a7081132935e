using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Bot.Storage;

/// <summary>Where the bot keeps what must survive a restart (section <c>Storage</c>).</summary>
public sealed record StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    /// <summary>
    /// <c>sqlite</c> (the default): one file beside the bot, for one process. <c>postgres</c>: a PostgreSQL server at
    /// <see cref="ConnectionString"/>, which several bot processes can share.
    /// </summary>
    public string Provider { get; init; } = Sqlite;

    /// <summary>The SQLite database file; created, with its folder, on first start.</summary>
    [Required]
    public string Path { get; init; } = "data/bot.db";

    /// <summary>The PostgreSQL server, as Npgsql reads it (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Questions older than this are deleted from the log (gaps and stats look back this far at most).</summary>
    [Range(1, 3650)]
    public int QuestionRetentionDays { get; init; } = 90;

    public bool UsesPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Storage:Provider is '{Provider}': use {Sqlite} (the default) or {Postgres}.", [nameof(Provider)]);
            yield break;
        }

        if (!UsesPostgres)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"Storage:ConnectionString is required when Storage:Provider is {Postgres} (e.g. Host=db;Username=bot;Password=…;Database=bot).",
                [nameof(ConnectionString)]);
            yield break;
        }

        // Npgsql's own parser names the bad keyword, never the value, so a password cannot reach the message.
        string? problem = null;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host))
            {
                problem = "it names no Host";
            }
        }
        catch (ArgumentException exception)
        {
            problem = exception.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"Storage:ConnectionString is not a PostgreSQL connection string: {problem}.", [nameof(ConnectionString)]);
        }
    }
}
