using System.Net;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

/// <summary>Shared arrangements: a started emulator, a raw bot that is connected and has registered /ask.</summary>
internal static class Scenario
{
    /// <summary>
    /// Short waits for a quick suite, but Discord's own 3 s callback deadline: a reply that takes 852 ms on a busy machine
    /// must not fail a spec about something else. The spec of the deadline sets its own (<see cref="ShortDeadline"/>).
    /// </summary>
    public static FakeDiscordOptions FastOptions => new()
    {
        HeartbeatIntervalMs = 500,
        CommandRegistrationWait = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>A callback deadline short enough to wait out in a spec.</summary>
    public static TimeSpan ShortDeadline => TimeSpan.FromMilliseconds(400);

    public static JsonArray AskCommand => new(new JsonObject
    {
        ["name"] = "ask",
        ["type"] = 1,
        ["description"] = "Ask the articles a question",
        ["options"] = new JsonArray(new JsonObject
        {
            ["type"] = 3,
            ["name"] = "question",
            ["description"] = "What you want to know",
            ["required"] = true,
            ["autocomplete"] = true,
        }),
    });

    public static async Task RegisterAskAsync(RawBot bot, FakeDiscordServer discord)
    {
        var response = await bot.SendJsonAsync(HttpMethod.Put, $"applications/{discord.Options.ApplicationId}/guilds/{discord.Options.GuildId}/commands", AskCommand);
        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", discord.Violations));
    }

    /// <summary>A bot that is identified, has /ask registered, and has received one /ask interaction.</summary>
    public static async Task<(RawBot Bot, InteractionHandle Interaction)> AskedAsync(FakeDiscordServer discord, string question = "Who won?")
    {
        var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        await RegisterAskAsync(bot, discord);
        var interaction = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", question));
        var dispatch = await bot.ReceiveAsync();
        Assert.Equal("INTERACTION_CREATE", (string?)dispatch["t"]);
        return (bot, interaction);
    }

    public static JsonObject Reply(string content) => new()
    {
        ["type"] = 4,
        ["data"] = new JsonObject { ["content"] = content, ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() } },
    };
}
