using System.Globalization;
using FakeDiscord;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>What the specs of several bot processes over the shards send to every guild, and how they wait for the shards.</summary>
internal static class ShardedAsks
{
    /// <summary>One /ask of <paramref name="question"/> from each of <paramref name="guilds"/>, in their order.</summary>
    public static async Task<List<InteractionHandle>> AskEveryGuildAsync(FakeDiscordServer discord, IEnumerable<ulong> guilds, string question)
    {
        var asks = new List<InteractionHandle>();
        foreach (var guild in guilds)
        {
            asks.Add(await discord.SendSlashCommandAsync(guild, discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", question)]));
        }

        return asks;
    }

    public static ulong GuildOf(InteractionHandle ask) =>
        ulong.Parse(ask.Payload.GetProperty("guild_id").GetString()!, CultureInfo.InvariantCulture);

    /// <summary>Waits up to 15 s for <paramref name="condition"/>, such as the emulator seeing a killed process's shards go.</summary>
    public static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()), "timed out waiting");

    /// <summary>The same for a condition that must ask something (a database) to be answered.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(await condition(), failure);
    }
}
