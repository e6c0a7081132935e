using System.Text;
using System.Text.Json.Nodes;
using Bot.EndToEnd.Tests.Support;
using FakeDiscord;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// Hostile input through the real host and its commands, with a fixed seed: questions that are huge, empty of
/// words, full of surrogate halves, controls, bidi overrides, mentions and markdown; autocomplete with the same; and
/// INTERACTION_CREATE payloads mutated out of shape. The emulator checks every reply against Discord's schema and
/// message limits, so an empty violation log means every reply was one Discord would accept.
/// </summary>
public sealed class FuzzSpecs
{
    private const int HostileQuestions = 120;
    private const int MutatedPayloads = 150;
    private const int HostileBatch = 10;

    /// <summary>Real questions asked among the hostile ones, and words their answers hold: a bot that refused everything would pass the rest.</summary>
    private static readonly (string Question, string AnswerHolds)[] RealQuestions =
    [
        ("How much are North Korea's weapons shipments to Russia worth?", "$5.5 billion"),
        ("what did Shen say?", "a very dangerous situation"),
    ];

    [Fact]
    public async Task Hostile_questions_and_autocomplete_get_a_reply_within_limits_inside_three_seconds_and_real_questions_among_them_are_answered()
    {
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { EnforceRateLimits = false });
        await using var bot = await RunningBot.StartAsync(discord);
        var random = new Random(11);

        // In batches: this spec is about hostile content, not throughput (the load generator measures that), so a
        // busy test machine must not turn it into a race with the 3-second deadline.
        for (var batch = 0; batch < HostileQuestions; batch += HostileBatch)
        {
            var asks = new List<InteractionHandle>();
            var (realQuestion, answerHolds) = RealQuestions[batch / HostileBatch % RealQuestions.Length];
            var real = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", realQuestion));
            for (var i = batch; i < Math.Min(batch + HostileBatch, HostileQuestions); i++)
            {
                var text = Hostile(random);
                asks.Add((i % 4) switch
                {
                    0 or 1 => await discord.SendSlashCommandAsync("ask", CommandOption.String("question", text)),
                    2 => await discord.SendAutocompleteAsync("sources", CommandOption.Focused("article", text)),
                    _ => await discord.SendAutocompleteAsync("quote", CommandOption.Focused("speaker", text)),
                });
            }

            foreach (var ask in asks.Prepend(real))
            {
                var callback = await ask.WaitForCallbackAsync(Answers.Patience);
                Assert.True(callback.Latency < TimeSpan.FromSeconds(3), $"interaction {ask.Id} answered after {callback.Latency.TotalMilliseconds:0} ms");
            }

            Assert.Contains(answerHolds, (await real.WaitForOriginalAsync(Answers.Patience)).Embed("description"), StringComparison.Ordinal);
        }

        Assert.Empty(discord.Violations);
        Assert.All(discord.Messages, message => Assert.True(message.AllowedMentionsEmpty, "a hostile question must not make the bot ping anyone"));
    }

    [Fact]
    public async Task Payloads_mutated_out_of_shape_never_stop_the_bot_from_answering_the_next_question()
    {
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { EnforceRateLimits = false });
        await using var bot = await RunningBot.StartAsync(discord);
        var seed = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "How many North Korean troops went to Russia?"));
        await seed.WaitForOriginalAsync(Answers.Patience);
        var random = new Random(13);

        for (var i = 0; i < MutatedPayloads; i++)
        {
            var payload = JsonNode.Parse(seed.Payload.GetRawText())!.AsObject();
            payload["id"] = (900_000_000_000_000_000UL + (ulong)i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Mutate(payload, random);
            await discord.Gateway.DispatchAsync("INTERACTION_CREATE", payload);
        }

        var after = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "How much are North Korea's weapons shipments to Russia worth?"));

        Assert.Contains("$5.5 billion", (await after.WaitForOriginalAsync(Answers.Patience)).Embed("description"), StringComparison.Ordinal);
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        // The mutated interactions were never registered with the emulator, so any answer to them is refused as unknown;
        // nothing else may be.
        Assert.All(discord.Violations, violation => Assert.Contains("unknown interaction id or token", violation, StringComparison.Ordinal));
    }

    private static string Hostile(Random random) => random.Next(6) switch
    {
        0 => new string('é', random.Next(501, 6000)),
        1 => "@everyone <@&1234> <@!42> **bold** `code` ||spoiler|| " + Unicode(random, 40),
        2 => Unicode(random, random.Next(1, 300)),
        3 => string.Concat(Enumerable.Repeat("the of and ", random.Next(1, 40))),
        4 => "  \t\u200b\u200b  ",
        _ => "Why is Xi wary of Kim" + Unicode(random, 5) + "'s embrace of Putin?",
    };

    private static string Unicode(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(7) switch
            {
                0 => char.ConvertFromUtf32(random.Next(0x1F300, 0x1F6FF)),
                1 => "\u202E",
                2 => "\u0301\u0336",
                3 => ((char)random.Next(1, 32)).ToString(),
                4 => "*_~`|>#<@".Substring(random.Next(9), 1),
                5 => "\uFEFF",
                _ => ((char)random.Next('a', 'z' + 1)).ToString(),
            });
        }

        return builder.ToString();
    }

    private static void Mutate(JsonObject payload, Random random)
    {
        var data = payload["data"]!.AsObject();
        switch (random.Next(10))
        {
            case 0:
                payload["type"] = random.Next(-3, 40);
                break;
            case 1:
                data["name"] = random.Next(2) == 0 ? null : "no-such-command-" + random.Next(1000);
                break;
            case 2:
                data["options"] = new JsonArray(new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = new JsonArray(1, 2) });
                break;
            case 3:
                data["options"] = new JsonArray(new JsonObject { ["name"] = "question", ["type"] = 99, ["value"] = new string('x', 100_000) });
                break;
            case 4:
                payload.Remove("member");
                payload.Remove("user");
                break;
            case 5:
                payload["type"] = 3;
                data["custom_id"] = random.Next(2) == 0 ? "ask:more:" + new string('9', 90) : "\ud800" + random.Next();
                break;
            case 6:
                payload["token"] = null;
                break;
            case 7:
                data["options"] = null;
                break;
            case 8:
                payload["guild_id"] = "not-a-snowflake";
                break;
            default:
                data["type"] = random.Next(-1, 9);
                break;
        }
    }
}
