using System.Net;
using Bot.Discord.Configuration;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Hosting;

/// <summary>
/// Runs the gateway for the life of the host and publishes the commands after the first READY. When Discord
/// refuses the bot for good (a fatal close code, a bad token, an API unreachable after bounded retries) it
/// logs one clear line, sets exit code 1 and stops the application rather than retrying forever.
/// </summary>
internal sealed class DiscordBotService(
    IDiscordConnection connection,
    CommandPublisher publisher,
    InteractionDispatcher dispatcher,
    DiscordConnectionState state,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Starting the Discord client against {ApiBaseUrl}", options.Value.ApiBaseUrl);

        // Publishing waits for the first READY only while the gateway runs: after a failure no READY can come, and
        // waiting for one anyway kept this method, and the host, from ever ending (issue 19).
        using var gatewayRunning = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var publishing = PublishOnFirstReadyAsync(gatewayRunning.Token);
        try
        {
            await connection.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (DiscordGatewayException exception)
        {
            Fail(exception.Message);
        }
        catch (DiscordApiException exception)
        {
            Fail(exception.Status switch
            {
                HttpStatusCode.Unauthorized => $"Discord rejected the bot token (HTTP 401 on {exception.Route}): check Discord:Token",
                null => $"Discord API unreachable at {options.Value.ApiBaseUrl} after {DiscordRestClient.MaxAttempts} attempts: {exception.DiscordMessage}",
                { } status when (int)status < 400 => $"The Discord API at {options.Value.ApiBaseUrl} gave an answer the bot cannot use: {exception.Message}",
                _ => $"Discord refused to start the bot: {exception.Message}",
            });
        }
        catch (Exception exception)
        {
            // Anything else is a fault, ours or the network's; left to the host it was a stack trace and a wait for ever.
            Fail($"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            await gatewayRunning.CancelAsync().ConfigureAwait(false);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await dispatcher.DrainAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Stopped while interaction handlers were still running");
            }

            await publishing.ConfigureAwait(false);
        }
    }

    private async Task PublishOnFirstReadyAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Once per process, not on every resume: READY after a fresh IDENTIFY does not publish again.
            var application = await state.FirstReady.WaitAsync(stoppingToken).ConfigureAwait(false);
            await publisher.PublishAsync(application, stoppingToken).ConfigureAwait(false);
            state.OnCommandsPublished();
        }
        catch (Exception exception) when (exception is OperationCanceledException || state.FatalReason is not null)
        {
            // Stopped or failed before READY: nothing to publish.
        }
        catch (Exception exception)
        {
            // The bot goes on serving what Discord already has; one line says why the commands may be stale.
            logger.LogError("Could not publish the commands: {Reason}", exception.Message);
            state.OnCommandsFailed(exception);
        }
    }

    private void Fail(string reason)
    {
        logger.LogCritical("Discord client stopped: {Reason}", reason);
        state.OnFatal(reason);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
