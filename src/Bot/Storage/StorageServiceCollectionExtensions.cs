using Bot.Discord.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database that <c>Storage:Provider</c> names (SQLite unless it says <c>postgres</c>), migrated when
    /// the host starts, and the stores, the cooldown and the change feed on it.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        services.AddOptions<StorageOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        if (section.Get<StorageOptions>()?.UsesPostgres == true)
        {
            AddPostgres(services);
        }
        else
        {
            AddSqlite(services);
        }

        services.AddHostedService<QuestionRetentionService>();
        return services;
    }

    /// <summary>
    /// Creates or migrates whichever database <see cref="AddStorage"/> registered, for a caller that wants an unusable
    /// database as one <see cref="StorageException"/> before the host starts; the initializer then finds it done.
    /// </summary>
    public static Task MigrateStorageAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<PostgresDatabase>() is { } postgres
            ? postgres.MigrateAsync(cancellationToken)
            : services.GetRequiredService<SqliteDatabase>().MigrateAsync(cancellationToken);

    private static void AddSqlite(IServiceCollection services)
    {
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<SqliteQuestionLog>();
        services.AddSingleton<IQuestionLog>(provider => provider.GetRequiredService<SqliteQuestionLog>());
        services.AddSingleton<IFeedbackStore>(provider => provider.GetRequiredService<SqliteQuestionLog>());
        services.AddSingleton<IQuestionReports, SqliteQuestionReports>();
        services.AddSingleton<IModerationStore, SqliteModerationStore>();
        services.AddSingleton<IArticleStore, SqliteArticleStore>();
        services.AddSingleton<IAskCooldowns, InMemoryAskCooldowns>();
        services.AddSingleton<IChangeFeed, SingleProcessChangeFeed>();
        services.AddHostedService(provider => Initializer(provider, provider.GetRequiredService<SqliteDatabase>().MigrateAsync));
    }

    private static void AddPostgres(IServiceCollection services)
    {
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<PostgresQuestionLog>();
        services.AddSingleton<IQuestionLog>(provider => provider.GetRequiredService<PostgresQuestionLog>());
        services.AddSingleton<IFeedbackStore>(provider => provider.GetRequiredService<PostgresQuestionLog>());
        services.AddSingleton<IQuestionReports, PostgresQuestionReports>();
        services.AddSingleton<IModerationStore, PostgresModerationStore>();
        services.AddSingleton<IArticleStore, PostgresArticleStore>();
        services.AddSingleton<IAskCooldowns, PostgresAskCooldowns>();
        services.AddSingleton<IGatewaySessionStore, PostgresGatewaySessions>();
        services.AddSingleton<PostgresChangeFeed>();
        services.AddSingleton<IChangeFeed>(provider => provider.GetRequiredService<PostgresChangeFeed>());

        // Migrations first (hosted services start in order), then the feed, so it listens on an up-to-date database.
        services.AddHostedService(provider => Initializer(provider, provider.GetRequiredService<PostgresDatabase>().MigrateAsync));
        services.AddHostedService(provider => provider.GetRequiredService<PostgresChangeFeed>());
    }

    private static StorageInitializer Initializer(IServiceProvider provider, Func<CancellationToken, Task> migrate) =>
        new(migrate, provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<ILogger<StorageInitializer>>());

    /// <summary>
    /// Creates and migrates the database at start, so a broken database is reported before the first question: as one
    /// line, exit code 1 and a stop, as the Discord client does when Discord refuses it. Thrown from here, the reason
    /// would come with the host's "Hosting failed to start" and a stack trace.
    /// </summary>
    private sealed class StorageInitializer(Func<CancellationToken, Task> migrate, IHostApplicationLifetime lifetime, ILogger<StorageInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await migrate(cancellationToken);
            }
            catch (StorageException exception)
            {
                logger.LogCritical("Storage unusable: {Reason}", exception.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
