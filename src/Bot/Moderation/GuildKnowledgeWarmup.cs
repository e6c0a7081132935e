using Bot.Answering;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Index;
using Bot.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Moderation;

/// <summary>
/// Runs a server's knowledge look-up once while the host starts (after the database is migrated), so the first
/// questions after a start or a restart, which may arrive all at once, do not each pay for the article store's first
/// query and the code's first run against Discord's 3-second deadline.
/// </summary>
internal sealed class GuildKnowledgeWarmup(GuildKnowledge knowledge, ILogger<GuildKnowledgeWarmup> logger) : IHostedService
{
    /// <summary>No server has this id (snowflakes start at 2015's epoch), so nothing real is cached.</summary>
    private static readonly Snowflake Nobody = new(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await knowledge.ForGuildAsync(Nobody, cancellationToken);
        }
        catch (Exception problem) when (problem is StorageException or KnowledgeFileException)
        {
            logger.LogWarning("Could not warm up the servers' knowledge: {Reason}", problem.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
