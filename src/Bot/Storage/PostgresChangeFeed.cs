using System.Globalization;
using Bot.Discord.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The change feed over PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c>: one connection per process listens on
/// <see cref="Channel"/>, and a change is announced with <c>pg_notify</c> in the transaction that makes it, so it is
/// heard at commit (in a few milliseconds) and never before. A lost connection is retried with a growing pause; while
/// it is down the feed is not live (nothing is served from memory), and on reconnecting it raises
/// <see cref="StoredChange.Anything"/> for whatever was announced meanwhile.
/// </summary>
public sealed class PostgresChangeFeed(PostgresDatabase database, ILogger<PostgresChangeFeed> logger) : BackgroundService, IChangeFeed
{
    public const string Channel = "bot_changes";

    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_longestRetry = TimeSpan.FromSeconds(10);

    private volatile bool _live;

    public event Action<StoredChange>? Changed;

    public bool IsLive => _live;

    public Task PublishAsync(StoredChange change, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await NotifyAsync(connection, null, database.Instance, change, cancellationToken);
            return true;
        },
        cancellationToken);

    /// <summary>Announces <paramref name="change"/>; inside <paramref name="transaction"/>, it is heard only if that commits.</summary>
    internal static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string instance, StoredChange change, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload);", connection, transaction);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", $"{instance} {Describe(change)}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The payload after the sender's instance: <c>guild 123</c>, <c>articles 123</c>, <c>reload</c> or <c>anything</c>.</summary>
    internal static string Describe(StoredChange change) => change switch
    {
        StoredChange.GuildSettings guild => $"guild {guild.GuildId}",
        StoredChange.GuildArticles articles => $"articles {articles.GuildId}",
        StoredChange.KnowledgeReloaded => "reload",
        _ => "anything",
    };

    /// <summary>Reads a payload; one this version does not know means "anything", so a newer sender is still heard.</summary>
    internal static (string Instance, StoredChange Change) Parse(string payload)
    {
        var parts = payload.Split(' ', 3);
        StoredChange change = parts switch
        {
            [_, "guild", var id] when ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var guild) => new StoredChange.GuildSettings(new Snowflake(guild)),
            [_, "articles", var id] when ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var guild) => new StoredChange.GuildArticles(new Snowflake(guild)),
            [_, "reload"] => new StoredChange.KnowledgeReloaded(),
            _ => new StoredChange.Anything(),
        };
        return (parts[0], change);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ListenerConnectionString);
                connection.Notification += (_, notification) => OnNotification(notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await PostgresDatabase.ExecuteAsync(connection, $"LISTEN {Channel};", stoppingToken);
                _live = true;
                retry = s_firstRetry;
                logger.LogInformation("Listening for other processes' changes on {Database}", database.Name);

                // Whatever was announced before LISTEN took effect was not heard: forget it all, once listening.
                Raise(new StoredChange.Anything());
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever broke the connection, the feed retries: a background service that threw would stop the host.
                if (_live)
                {
                    _live = false;
                    Raise(new StoredChange.Anything());
                }

                logger.LogWarning("Not hearing other processes' changes on {Database}: {Reason}; trying again in {RetryMs} ms", database.Name, exception.Message, (int)retry.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_longestRetry.Ticks));
        }

        _live = false;
    }

    private void OnNotification(string payload)
    {
        var (instance, change) = Parse(payload);
        if (instance != database.Instance)
        {
            Raise(change);
        }
    }

    /// <summary>Each handler on its own, so one that fails cannot stop the others or the feed.</summary>
    private void Raise(StoredChange change)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<StoredChange>>() ?? [])
        {
            try
            {
                handler(change);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "A handler of {Change} failed", change);
            }
        }
    }
}
