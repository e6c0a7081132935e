using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>Deletes questions older than <see cref="StorageOptions.QuestionRetentionDays"/>: at start, then once a day.</summary>
internal sealed class QuestionRetentionService(
    IQuestionReports reports,
    IOptions<StorageOptions> options,
    TimeProvider clock,
    ILogger<QuestionRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await TrimAsync(stoppingToken);
            await Task.Delay(TimeSpan.FromDays(1), clock, stoppingToken);
        }
    }

    /// <summary>One trim; a failure is logged and tried again tomorrow, never stops the bot.</summary>
    internal async Task TrimAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.QuestionRetentionDays;
        try
        {
            var deleted = await reports.DeleteAskedBeforeAsync(clock.GetUtcNow().AddDays(-days), cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} questions older than {Days} days", deleted, days);
            }
        }
        catch (StorageException exception)
        {
            logger.LogWarning("Could not trim the question log: {Reason}", exception.Message);
        }
    }
}
