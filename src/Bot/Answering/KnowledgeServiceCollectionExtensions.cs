using Bot.Knowledge.Index;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Answering;

public static class KnowledgeServiceCollectionExtensions
{
    /// <summary>Registers the knowledge file options and the provider that loads and reloads it.</summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeOptions>()
            .Bind(configuration.GetSection(KnowledgeOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<KnowledgeProvider>();
        services.AddHostedService<KnowledgeWarmup>();
        services.AddSingleton<KnowledgeSegmentsFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<KnowledgeSegmentsFollower>());
        return services;
    }

    /// <summary>
    /// Loads the knowledge and runs one search while the host starts, before Discord connects, so the first member's
    /// question does not pay for loading and for the searcher's per-passage data (seconds on a large archive, against
    /// Discord's 3-second deadline). A bad file is logged here and answered with a clear private reply later: it does
    /// not stop the host, so moderators can fix it with /mod reload.
    /// </summary>
    private sealed class KnowledgeWarmup(KnowledgeProvider knowledge, ILogger<KnowledgeWarmup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                // A made-up word too, so the general-English typo table is built now rather than for a member's question.
                knowledge.Searcher.Search("warm up the search, zorblat", maxResults: 1);
            }
            catch (KnowledgeFileException problem)
            {
                logger.LogError("The bot has no knowledge to answer from: {Reason}", problem.Message);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
