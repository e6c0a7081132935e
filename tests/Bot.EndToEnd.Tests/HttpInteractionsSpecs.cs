using Bot.EndToEnd.Tests.Support;
using FakeDiscord;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// The unmodified binary in <c>Discord:Mode = http</c>: no gateway connection, an interactions endpoint that the emulator
/// POSTs signed interactions to, as Discord does once the application's Interactions Endpoint URL is set.
/// </summary>
public sealed class HttpInteractionsSpecs
{
    private const string WeaponsQuestion = "How much are North Korea's weapons shipments to Russia worth?";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Signed_interactions_are_answered_and_unsigned_tampered_or_stale_ones_get_401()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await StartAsync(discord);

        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));
        var answer = await ask.WaitForOriginalAsync(Patience);
        var vote = await discord.SendComponentAsync(answer.CustomIds().Single(id => id.EndsWith(":down", StringComparison.Ordinal)));
        var voted = await vote.WaitForOriginalAsync(Patience);
        var refused = new List<(Signing Signing, InteractionHandle Handle)>();
        foreach (var signing in new[] { Signing.Missing, Signing.Tampered, Signing.ForeignKey, Signing.Stale })
        {
            discord.HttpSigning = signing;
            refused.Add((signing, await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion))));
        }

        Assert.Equal(200, await ask.WaitForHttpStatusAsync());
        Assert.Contains("$5.5 billion", answer.Embed("description"), StringComparison.Ordinal);
        Assert.Equal("Thanks for telling us. The moderators will see that this answer missed.", voted.Content);
        foreach (var (signing, handle) in refused)
        {
            Assert.True(await handle.WaitForHttpStatusAsync() == 401, $"{signing} was not refused with 401");
            Assert.Null(handle.Callback);
            Assert.DoesNotContain(discord.Messages, message => message.InteractionId == handle.Id);
        }

        Assert.Equal(0, discord.Gateway.TotalConnections);
        Assert.DoesNotContain(discord.Requests, request => request.Path.Contains("/callback", StringComparison.Ordinal));
        Assert.Equal(401, (await discord.PingAsync(Signing.Stale)).Status);
        Assert.Empty(discord.Violations);
        Assert.DoesNotContain(discord.Options.Token, bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_mode_without_the_public_key_stops_with_one_line()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        await using var bot = BotBinary.Start(discord, database, new Dictionary<string, string> { ["Discord__Mode"] = "http" });

        var exitCode = await bot.WaitForExitAsync(Patience);

        Assert.Equal(1, exitCode);
        Assert.Contains("Configuration is not valid: ", bot.Output, StringComparison.Ordinal);
        Assert.Contains("Discord:PublicKey must be the application's public key (64 hex digits", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bot.Output, StringComparison.Ordinal);
    }

    /// <summary>Starts the binary in http mode on a free loopback port and points the emulator at it once it answers PING.</summary>
    private static async Task<BotBinary> StartAsync(FakeDiscordServer discord)
    {
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        return (await BotBinary.StartHttpAsync(discord, database, Patience)).Bot;
    }
}
