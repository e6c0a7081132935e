using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Abstractions;
using Bot.Discord.Models;

namespace Bot.Discord.Tests;

/// <summary>
/// Random and mutated INTERACTION_CREATE payloads through the interaction parser, with a fixed seed so a failure
/// replays: whatever arrives, the parser either gives an interaction whose accessors work or throws one of the
/// exceptions the dispatcher catches and logs (JsonException, InvalidOperationException, FormatException).
/// </summary>
public sealed class FuzzSpecs
{
    private const int Iterations = 4000;

    private static readonly Snowflake App = new(775799577604522054);

    /// <summary>Seeds covering every kind the bot handles: a slash command with options, a subcommand, autocomplete, a button, a message command.</summary>
    private static readonly string[] Seeds =
    [
        """{"id":"786008729715212338","application_id":"775799577604522054","type":2,"token":"A_UNIQUE_TOKEN","guild_id":"290926798626357999","channel_id":"645027906669510667","locale":"en-US","member":{"user":{"id":"53908232506183680","username":"Mason","global_name":"Mason"},"roles":["539082325061836999"],"permissions":"2147483647"},"data":{"id":"771825006014889984","name":"ask","type":1,"options":[{"type":3,"name":"question","value":"Why is Xi wary?"},{"type":5,"name":"private","value":true}]}}""",
        """{"id":"786008729715212339","type":2,"token":"T","guild_id":"290926798626357999","channel_id":"645027906669510667","member":{"user":{"id":"1","username":"m"},"roles":[],"permissions":"32"},"data":{"id":"1","name":"mod","type":1,"options":[{"type":2,"name":"channels","options":[{"type":1,"name":"allow","options":[{"type":7,"name":"channel","value":"645027906669510700"}]}]}]}}""",
        """{"id":"786008729715212340","type":4,"token":"T","user":{"id":"2","username":"dm"},"data":{"id":"1","name":"quote","type":1,"options":[{"type":3,"name":"speaker","value":"Pu","focused":true},{"type":4,"name":"count","value":3}]}}""",
        """{"id":"786008729715212341","type":3,"token":"T","guild_id":"1","member":{"user":{"id":"3","username":"b"},"permissions":"0"},"data":{"custom_id":"ask:more:abcd:1,2,3","component_type":2},"message":{"id":"5","content":"x"}}""",
        """{"id":"786008729715212342","type":2,"token":"T","guild_id":"1","member":{"user":{"id":"4","username":"c"},"permissions":"0"},"data":{"id":"9","name":"Ask the articles","type":3,"target_id":"77","resolved":{"messages":{"77":{"id":"77","content":"How many troops?","author":{"id":"8","username":"n"}}}}}}""",
    ];

    [Fact]
    public void Random_and_mutated_payloads_never_throw_past_what_the_dispatcher_catches()
    {
        var random = new Random(7);
        var parsed = 0;
        var refused = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var payload = JsonNode.Parse(Seeds[random.Next(Seeds.Length)])!;
            for (var mutations = random.Next(1, 6); mutations > 0; mutations--)
            {
                payload = Mutate(payload, random);
            }

            var json = payload.ToJsonString();
            try
            {
                using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
                var interaction = InteractionMapper.ToInteraction(InteractionMapper.Deserialize(document.RootElement), App);
                Exercise(interaction);
                parsed++;
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
            {
                refused++;
            }
            catch (Exception exception)
            {
                Assert.Fail($"iteration {i}: {exception.GetType().Name} escaped for {Shorten(json)}: {exception.Message}");
            }
        }

        // Both outcomes must be exercised, or the mutations are too timid (or too wild) to prove anything.
        Assert.True(parsed > Iterations / 10, $"only {parsed} of {Iterations} payloads parsed");
        Assert.True(refused > Iterations / 10, $"only {refused} of {Iterations} payloads were refused");
    }

    [Theory]
    [InlineData("\"\\ud800 lone high surrogate\"")]
    [InlineData("\"lone low \\udc00\"")]
    [InlineData("\"\\u0000 NUL and \\u202e right-to-left override\"")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("{\"nested\":[1,2,3]}")]
    [InlineData("null")]
    public void A_hostile_option_value_is_read_or_refused_never_crashes(string value)
    {
        var json = Seeds[0].Replace("\"Why is Xi wary?\"", value, StringComparison.Ordinal);

        var outcome = Record.Exception(() =>
        {
            using var document = JsonDocument.Parse(json);
            Exercise(InteractionMapper.ToInteraction(InteractionMapper.Deserialize(document.RootElement), App));
        });

        Assert.True(outcome is null or JsonException or InvalidOperationException or FormatException, $"{outcome?.GetType().Name}: {outcome?.Message}");
    }

    // "Read or refused" above would pass for a parser that refused everything: text that is odd but valid JSON is read as sent.
    [Theory]
    [InlineData("\"\\u0000 NUL and \\u202e right-to-left override\"", "\u0000 NUL and \u202E right-to-left override")]
    [InlineData("\"@everyone <@&1> **bold** 😀\"", "@everyone <@&1> **bold** 😀")]
    [InlineData("\"  \\t\\u200b  \"", "  \t\u200B  ")]
    public void A_hostile_but_well_formed_question_is_read_exactly_as_sent(string value, string expected)
    {
        using var document = JsonDocument.Parse(Seeds[0].Replace("\"Why is Xi wary?\"", value, StringComparison.Ordinal));

        var interaction = InteractionMapper.ToInteraction(InteractionMapper.Deserialize(document.RootElement), App);

        Assert.Equal(expected, interaction.GetString("question"));
        Assert.Equal("ask", interaction.CommandName);
    }

    [Fact]
    public void A_huge_question_is_read_whole_so_the_command_can_refuse_it_politely()
    {
        var huge = new string('a', 1_000_000);
        using var document = JsonDocument.Parse(Seeds[0].Replace("Why is Xi wary?", huge, StringComparison.Ordinal));

        var interaction = InteractionMapper.ToInteraction(InteractionMapper.Deserialize(document.RootElement), App);

        Assert.Equal(huge.Length, interaction.GetString("question")!.Length);
    }

    /// <summary>What handlers and guards read from every interaction: none of it may throw.</summary>
    private static void Exercise(Interaction interaction)
    {
        _ = interaction.SubcommandPath.Count;
        _ = interaction.LeafOptions.Count;
        _ = interaction.FocusedOption?.Value;
        _ = interaction.GetString("question");
        _ = interaction.GetBoolean("private");
        _ = interaction.GetInteger("count");
        _ = interaction.User.DisplayName;
        _ = interaction.Member?.Permissions;
        _ = interaction.ToString();
    }

    private static JsonNode Mutate(JsonNode root, Random random)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)> { (null, null, -1, root) };
        Collect(root, nodes);
        var (parent, key, index, node) = nodes[random.Next(nodes.Count)];
        var replacement = random.Next(10) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
            2 => JsonValue.Create(RandomText(random, random.Next(0, 50))),
            3 => JsonValue.Create(new string('x', random.Next(10_000, 200_000))),
            4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("two"), null),
            5 => new JsonObject { ["type"] = random.Next(-5, 300), ["name"] = RandomText(random, 5), ["value"] = RandomText(random, 5) },
            6 => JsonValue.Create(random.NextDouble() * 1e30),
            7 => JsonValue.Create(random.Next(2) == 0),
            8 => Nest(random.Next(20, 120)),
            _ => JsonValue.Create("18446744073709551616"),
        };

        if (parent is null)
        {
            return replacement ?? new JsonObject();
        }

        if (parent is JsonObject obj && key is not null)
        {
            if (random.Next(4) == 0)
            {
                obj.Remove(key);
            }
            else
            {
                obj[key] = replacement;
            }
        }
        else if (parent is JsonArray array)
        {
            array[index] = replacement;
        }

        GC.KeepAlive(node);
        return root;
    }

    private static void Collect(JsonNode node, List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    into.Add((obj, key, -1, child));
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add((array, null, i, array[i]));
                    if (array[i] is { } child)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonObject { ["type"] = 1, ["name"] = "deep" };
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["type"] = 2, ["name"] = "g", ["options"] = new JsonArray(node) };
        }

        return node;
    }

    /// <summary>Text from the awkward corners of Unicode: surrogate halves, controls, combining marks, bidi overrides, emoji.</summary>
    internal static string RandomText(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(8) switch
            {
                0 => (char)random.Next(0xD800, 0xE000),
                1 => (char)random.Next(0, 32),
                2 => '\u0301',
                3 => '\u202E',
                4 => "😀"[random.Next(2)],
                5 => "@*_~`|>#<\\"[random.Next(10)],
                _ => (char)random.Next('a', 'z' + 1),
            });
        }

        return builder.ToString();
    }

    private static string Shorten(string json) => json.Length <= 300 ? json : json[..300] + "…";
}
