using Bot.Discord.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.LocalConsole;

/// <summary>
/// The bot without Discord: with no token configured, it takes the same slash commands from the keyboard
/// and prints the replies. With standard input redirected it answers the lines it is given, then stops the host.
/// </summary>
public sealed class ConsoleSessionService(
    IInteractionHandler handler,
    ICommandCatalog catalog,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleSessionService> logger) : BackgroundService
{
    /// <summary>Where replies go; the console by default, a writer in tests.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    public TextReader Input { get; init; } = Console.In;

    public bool Interactive { get; init; } = !Console.IsInputRedirected;

    private IReadOnlyList<Button> _lastButtons = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the session takes over the terminal.
        await Task.Yield();
        var banner = Console.Error;
        await banner.WriteLineAsync("No Discord token is set, so the bot is answering here from its built-in knowledge.");
        await banner.WriteLineAsync("To connect to Discord, set Discord:Token in appsettings.json or the Discord__Token environment variable.");
        if (Interactive)
        {
            await banner.WriteLineAsync("Type a question, or a command such as /ask question: Why is Xi wary of Kim's embrace of Putin?");
            await banner.WriteLineAsync("/help lists the commands; !1, !2, ... click the buttons of the last reply; Ctrl-D quits.");
        }

        long sequence = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Interactive)
                {
                    await Output.WriteAsync("> ");
                    await Output.FlushAsync(stoppingToken);
                }

                var line = await Input.ReadLineAsync(stoppingToken);
                if (line is null)
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                await AnswerAsync(line, ++sequence, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task AnswerAsync(string line, long sequence, CancellationToken cancellationToken)
    {
        Interaction? interaction;
        string? problem = null;
        if (line.TrimStart().StartsWith('!'))
        {
            // "!2" clicks the second button of the last reply, as a member would click it in Discord.
            var number = int.TryParse(line.Trim()[1..], out var n) ? n : 0;
            interaction = number >= 1 && number <= _lastButtons.Count ? ConsoleCommandParser.Click(_lastButtons[number - 1].CustomId!, sequence) : null;
            problem = _lastButtons.Count == 0 ? "There is no button to click." : $"Type !1 to !{_lastButtons.Count} to click a button of the last reply.";
        }
        else
        {
            interaction = ConsoleCommandParser.Parse(line, catalog.Commands, sequence, out problem);
        }

        if (interaction is null)
        {
            await Output.WriteLineAsync(problem);
            await Output.WriteLineAsync();
            return;
        }

        try
        {
            var context = new ConsoleInteractionContext(interaction, Output);
            await handler.HandleAsync(context, cancellationToken);
            var buttons = context.Replies.SelectMany(ConsoleReplyRenderer.ClickableButtons).ToList();
            if (buttons.Count > 0)
            {
                _lastButtons = buttons;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The router answers its own failures; this is the last guard so one line cannot end the session.
            logger.LogError(exception, "The console could not answer {Line}", line);
            await Output.WriteLineAsync("Something went wrong while answering that; see the log.");
        }
    }
}
