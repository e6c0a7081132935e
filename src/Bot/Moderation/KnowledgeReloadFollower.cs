using Bot.Answering;
using Bot.Knowledge.Index;
using Bot.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Moderation;

/// <summary>
/// Follows a <c>/mod reload</c> made through another process: reloads this process's own copy of the knowledge file,
/// so every process answers from the new file within the feed's delay. A file this process cannot read is refused
/// here alone, with a warning, and the previous knowledge keeps answering (<see cref="KnowledgeProvider.Reload"/>).
/// </summary>
internal sealed class KnowledgeReloadFollower(IChangeFeed changes, KnowledgeProvider knowledge, ILogger<KnowledgeReloadFollower> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    /// <summary>Off the feed's loop: a big knowledge file takes a while to load.</summary>
    private void OnChanged(StoredChange change)
    {
        if (change is StoredChange.KnowledgeReloaded)
        {
            _ = Task.Run(Reload);
        }
    }

    private void Reload()
    {
        try
        {
            var loaded = knowledge.Reload();
            logger.LogInformation("Reloaded knowledge {Version} after a /mod reload in another process", loaded.Version);
        }
        catch (KnowledgeFileException problem)
        {
            logger.LogWarning("Another process reloaded the knowledge, but this one refused its file and keeps the previous knowledge: {Reason}", problem.Message);
        }
    }
}
