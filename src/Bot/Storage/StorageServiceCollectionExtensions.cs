using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite database (created and migrated when the host starts) and the stores on it.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<SqliteQuestionLog>();
        services.AddSingleton<IQuestionLog>(provider => provider.GetRequiredService<SqliteQuestionLog>());
        services.AddSingleton<IFeedbackStore>(provider => provider.GetRequiredService<SqliteQuestionLog>());
        services.AddSingleton<IQuestionReports, SqliteQuestionReports>();
        services.AddSingleton<IModerationStore, SqliteModerationStore>();
        services.AddHostedService<QuestionRetentionService>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Creates and migrates the database at start, so a broken file is reported before the first question.</summary>
    private sealed class StorageInitializer(SqliteDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
