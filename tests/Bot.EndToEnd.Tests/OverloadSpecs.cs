using Bot.Discord.Gateway;
using Bot.EndToEnd.Tests.Support;
using FakeDiscord;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// The real host when more questions come than it can answer: it keeps its REST connections to Discord within
/// <c>Discord:MaxRestConnections</c>, and a question whose answer cannot leave inside Discord's 3 s is dropped and
/// counted, never answered late (issue 19: 6,007 connections under 2,500 <c>/ask</c> a second).
/// </summary>
/// <remarks>Runs alone, as <see cref="FaultSpecs"/> do: its timings must not share the cores with other hosts.</remarks>
[Collection(FaultSpecs.Alone)]
public sealed class OverloadSpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private static readonly string[] Questions =
    [
        "How much are North Korea's weapons shipments to Russia worth?",
        "Why is Xi wary of Kim's embrace of Putin?",
        "How many troops did North Korea send?",
        "What did Putin and Kim sign?",
    ];

    [Fact]
    public async Task A_burst_of_questions_to_a_slow_Discord_opens_no_more_connections_than_the_setting_allows()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord, null, "--Discord:MaxRestConnections=4");
        await discord.Commands.WaitForOverwriteAsync(Answers.Patience);
        discord.Faults.Delay("POST /interactions/*/*/callback", TimeSpan.FromMilliseconds(100));
        discord.Connections.ResetPeak();

        var asks = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[i % Questions.Length]))));
        var callbacks = await Task.WhenAll(asks.Select(ask => ask.WaitForCallbackAsync(Answers.Patience)));

        // Four for REST and the gateway's websocket; unbounded, each held callback took a connection of its own.
        Assert.InRange(discord.Connections.Peak, 1, 4 + 1);
        Assert.All(callbacks, callback => Assert.True(callback.Latency < Deadline, $"a callback arrived {callback.Latency.TotalMilliseconds:0} ms after dispatch"));
        Assert.Equal(0, bot.Services.GetRequiredService<IDiscordConnectionState>().ShedInteractions);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task Questions_whose_answer_cannot_leave_inside_three_seconds_are_dropped_and_counted_not_answered_late()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord, null, "--Discord:MaxRestConnections=1");
        await discord.Commands.WaitForOverwriteAsync(Answers.Patience);
        // One connection, and Discord taking 0.6 s over each callback: about four answers fit in the 3 s of ten questions.
        discord.Faults.Delay("POST /interactions/*/*/callback", TimeSpan.FromMilliseconds(600));

        var asks = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[i % Questions.Length]))));
        var callbacks = await Task.WhenAll(asks.Select(async ask =>
        {
            try
            {
                return await ask.WaitForCallbackAsync(TimeSpan.FromSeconds(6));
            }
            catch (TimeoutException)
            {
                return null;
            }
        }));

        var answered = callbacks.OfType<InteractionCallback>().ToList();
        var shed = bot.Services.GetRequiredService<IDiscordConnectionState>().ShedInteractions;
        Assert.InRange(answered.Count, 0, 5);
        Assert.Equal(10 - answered.Count, shed);
        Assert.All(answered, callback => Assert.True(callback.Latency < Deadline, $"a callback arrived {callback.Latency.TotalMilliseconds:0} ms after dispatch"));
        Assert.Empty(discord.Violations);
    }
}
