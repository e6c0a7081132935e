using System.Diagnostics;
using Bot.EndToEnd.Tests.Support;
using Bot.Tests.Support;
using FakeDiscord;

namespace Bot.EndToEnd.Tests;

/// <summary>The real host against the loopback Discord: connecting, registering, answering, and surviving the gateway's moods.</summary>
public sealed class DiscordConnectionSpecs
{
    private const string WeaponsQuestion = "How much are North Korea's weapons shipments to Russia worth?";

    [Fact]
    public async Task The_bot_connects_registers_its_commands_and_answers_ask_with_a_cited_embed()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));
        var reply = await ask.WaitForOriginalAsync(Answers.Patience);

        Assert.Equal(0, discord.Gateway.LastIdentify!["intents"]!.GetValue<int>());
        Assert.Contains(discord.Commands.ForGuild(discord.Options.GuildId), command => command.GetProperty("name").GetString() == "ask");
        Assert.Contains("as much as $5.5 billion", reply.Embed("description"), StringComparison.Ordinal);
        Assert.Contains("[1] Bloomberg · Xi’s Balancing Act on Ukraine Disrupted by Putin\\-Kim Alliance · ¶10", reply.Embed("description"), StringComparison.Ordinal);
        Assert.False(reply.IsEphemeral);
        Assert.All(discord.Messages, message => Assert.True(message.AllowedMentionsEmpty, "every message must ping nobody"));
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_bot_resumes_after_heartbeat_loss_and_answers_what_was_sent_while_it_was_away()
    {
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatIntervalMs = 400 });
        await using var bot = await RunningBot.StartAsync(discord);
        await discord.Gateway.WaitForHeartbeatAsync(Answers.Patience);

        discord.Gateway.WithholdAcks = true;
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Why is Xi wary of Kim's embrace of Putin?"));
        await discord.Gateway.WaitForResumeAsync(Answers.Patience);
        discord.Gateway.WithholdAcks = false;
        var answered = await ask.WaitForOriginalAsync(Answers.Patience);
        var later = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));

        Assert.NotEmpty(answered.Embed("description"));
        Assert.Contains("$5.5 billion", (await later.WaitForOriginalAsync(Answers.Patience)).Embed("description"), StringComparison.Ordinal);
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_bot_resumes_on_reconnect_and_identifies_afresh_after_an_invalid_session()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        await discord.Gateway.SendReconnectAsync();
        await discord.Gateway.WaitForResumeAsync(Answers.Patience);
        await discord.Gateway.SendInvalidSessionAsync(resumable: false);
        await discord.Gateway.WaitForIdentifyAsync(Answers.Patience, count: 2);
        await discord.Gateway.WaitForReadyAsync(Answers.Patience, count: 2);
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));

        Assert.Contains("$5.5 billion", (await ask.WaitForOriginalAsync(Answers.Patience)).Embed("description"), StringComparison.Ordinal);
        Assert.Equal(1, discord.Commands.OverwriteCount);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task A_rate_limited_callback_is_retried_after_retry_after()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        discord.RateLimits.Script("POST /interactions/*/*/callback", count: 1, retryAfterSeconds: 0.6);

        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));
        var callback = await ask.WaitForCallbackAsync(Answers.Patience);

        Assert.Equal(1, discord.RateLimits.Served429Count);
        Assert.True(callback.Latency >= TimeSpan.FromSeconds(0.6), $"answered after {callback.Latency.TotalMilliseconds} ms, before retry_after");
        Assert.Contains("$5.5 billion", (await ask.WaitForOriginalAsync(Answers.Patience)).Embed("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_token_stops_the_unmodified_binary_with_one_clear_line_and_never_prints_the_token()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        const string wrongToken = "WRONG.token-value.123";

        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = wrongToken,
                ["Discord__ApiBaseUrl"] = discord.ApiBaseUrl,
            });

        var all = run.Output + run.Error;
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}: {all}");
        Assert.Contains("rejected the bot token", all, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("an HTML page", "(text/html) is not the JSON Discord sends")]
    [InlineData("an endless body", "longer than 8 MB")]
    public async Task A_Discord_API_answering_200_with_something_else_stops_the_binary_with_one_clear_line(string answer, string said)
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        if (answer == "an HTML page")
        {
            discord.Faults.AnswerNotJson("GET /gateway/bot");
        }
        else
        {
            discord.Faults.AnswerEndlessly("GET /gateway/bot");
        }

        // Before, the bot hung here for ever ("Starting the Discord client against …", then nothing), or grew to 4 GB.
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = discord.Options.Token,
                ["Discord__ApiBaseUrl"] = discord.ApiBaseUrl,
            },
            timeout: TimeSpan.FromSeconds(60));

        var all = run.Output + run.Error;
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}: {all}");
        var failure = Assert.Single(all.Split('\n'), line => line.Contains(" FTL] ", StringComparison.Ordinal) || line.Contains(" ERR] ", StringComparison.Ordinal));
        Assert.Contains("GET /gateway/bot", failure, StringComparison.Ordinal);
        Assert.Contains(said, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain(discord.Options.Token, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unmodified_binary_answers_through_the_emulator_when_configured_by_environment()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(BotProcess.BotDll);
        start.Environment["Discord__Token"] = discord.Options.Token;
        start.Environment["Discord__ApiBaseUrl"] = discord.ApiBaseUrl;
        start.Environment["Discord__GuildId"] = discord.Options.GuildId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Storage__Path"] = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
            var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));

            var reply = await ask.WaitForOriginalAsync(TimeSpan.FromSeconds(15));

            Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal);
            Assert.Empty(discord.Violations);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.DoesNotContain(discord.Options.Token, await output + await error, StringComparison.Ordinal);
    }
}
