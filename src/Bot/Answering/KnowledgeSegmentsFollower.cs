using Bot.Knowledge.Index;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Answering;

/// <summary>
/// Reloads the knowledge when <c>knowledge add</c>, <c>remove</c> or <c>merge</c> change its segments file, so an article
/// an operator adds to a running bot's archive answers within a couple of seconds, no <c>/mod reload</c> needed. It looks
/// every <see cref="KnowledgeOptions.FollowSegmentsSeconds"/> at the segments file's size and time (a stat, nothing read);
/// the reload keeps the archive it has open and opens the new segment (<see cref="KnowledgeSegments"/>). A change it cannot
/// load is logged and the knowledge already loaded keeps answering, as with <c>/mod reload</c>.
/// </summary>
public sealed class KnowledgeSegmentsFollower(KnowledgeProvider knowledge, IOptions<KnowledgeOptions> options, ILogger<KnowledgeSegmentsFollower> logger)
    : BackgroundService
{
    // A change that could not be loaded is not tried again every second, only once it changes again.
    private (bool Exists, long Length, DateTime Written)? _refused;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.FollowSegmentsSeconds;
        if (every <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(every));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Task.Run(Check, stoppingToken);
            }
            catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot be read this second may be readable the next; the bot keeps answering meanwhile.
                logger.LogWarning("Could not look at the knowledge file's segments: {Reason}", problem.Message);
            }
        }
    }

    /// <summary>Looks once; reloads when the segments file is not as it was when the knowledge in use was loaded. True when it reloaded.</summary>
    public bool Check()
    {
        // Knowledge not loaded yet reads the segments when it loads.
        if (knowledge.LoadedSegments is not { } loadedWith)
        {
            return false;
        }

        var now = KnowledgeSegments.StampOf(knowledge.FilePath);
        if (now == loadedWith || now == _refused)
        {
            return false;
        }

        try
        {
            var loaded = knowledge.Reload();
            logger.LogInformation(
                "The knowledge file's segments changed: now answering from knowledge {Version} with {Articles} articles",
                loaded.Version,
                loaded.Articles.Count);
            return true;
        }
        catch (KnowledgeFileException problem)
        {
            _refused = now;
            logger.LogWarning("The knowledge file's segments changed but cannot be loaded; the previous knowledge keeps answering: {Reason}", problem.Message);
            return false;
        }
    }
}
