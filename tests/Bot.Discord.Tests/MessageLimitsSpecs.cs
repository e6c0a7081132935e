using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Interactions;
using Bot.Discord.Models;

namespace Bot.Discord.Tests;

/// <summary>Every outgoing body stays within Discord's limits (docs/resources--message.mdx, docs/components--reference.mdx).</summary>
public sealed class MessageLimitsSpecs
{
    [Fact]
    public void Long_content_is_cut_at_a_word_boundary_with_an_ellipsis()
    {
        var words = string.Join(' ', Enumerable.Repeat("lorem", 500)); // 2999 characters

        var body = MessageLimits.ToBody(MessageReply.Text(words));

        Assert.True(body.Content!.Length <= 2000);
        Assert.EndsWith("lorem…", body.Content, StringComparison.Ordinal);
        Assert.All(body.Content.TrimEnd('…').Split(' '), word => Assert.Equal("lorem", word));
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 20)); // one 40-unit word

        var cut = MessageLimits.Truncate(emoji, 10);

        Assert.Equal("😀😀😀😀…", cut);
        Assert.False(char.IsHighSurrogate(cut[^2]));
    }

    [Fact]
    public void Text_within_the_limit_is_left_alone()
    {
        Assert.Equal("short answer", MessageLimits.Truncate("short answer", 2000));
    }

    [Fact]
    public void Embeds_fields_and_their_texts_are_held_to_their_limits()
    {
        var embed = new Embed
        {
            Title = new string('t', 300),
            Description = string.Join(' ', Enumerable.Repeat("word", 1100)),
            Footer = new string('f', 2100),
            Author = new string('a', 300),
            Fields = [.. Enumerable.Range(0, 30).Select(i => new EmbedField(i == 0 ? "" : $"name {i}", i == 1 ? " " : "value"))],
        };
        var reply = new MessageReply { Embeds = [.. Enumerable.Repeat(new Embed { Title = "x" }, 11).Prepend(embed)] };

        var body = MessageLimits.ToBody(reply);

        Assert.Equal(10, body.Embeds!.Count);
        var first = body.Embeds[0];
        Assert.Equal(256, first.Title!.Length);
        Assert.EndsWith("…", first.Title, StringComparison.Ordinal);
        Assert.True(first.Description!.Length <= 4096);
        Assert.Equal(2048, first.Footer!.Text.Length);
        Assert.Equal(256, first.Author!.Name.Length);
        Assert.Equal(25, first.Fields!.Count);
        Assert.Equal(MessageLimits.Placeholder, first.Fields[0].Name);
        Assert.Equal(MessageLimits.Placeholder, first.Fields[1].Value);
    }

    [Fact]
    public void Field_names_and_values_are_cut_to_256_and_1024()
    {
        var reply = new MessageReply { Embeds = [new Embed { Fields = [new EmbedField(new string('n', 300), string.Join(' ', Enumerable.Repeat("value", 300)))] }] };

        var field = MessageLimits.ToBody(reply).Embeds![0].Fields![0];

        Assert.Equal(256, field.Name.Length);
        Assert.True(field.Value.Length <= 1024);
        Assert.EndsWith("value…", field.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void All_embeds_together_stay_within_6000_characters_keeping_the_first_intact()
    {
        var description = string.Join(' ', Enumerable.Repeat("text", 800)); // 3999 characters
        var reply = new MessageReply { Embeds = [new Embed { Title = "first", Description = description }, new Embed { Title = "second", Description = description }] };

        var body = MessageLimits.ToBody(reply);

        var total = body.Embeds!.Sum(embed => (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0));
        Assert.True(total <= 6000, $"total {total}");
        Assert.Equal(description, body.Embeds![0].Description);
        Assert.EndsWith("text…", body.Embeds[1].Description ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Components_keep_five_rows_of_five_buttons_with_unique_custom_ids_and_short_labels()
    {
        var row = new ActionRow([.. Enumerable.Range(0, 7).Select(i => new Button(ButtonStyle.Primary, new string('l', 100), $"id-{i}"))]);
        var rows = Enumerable.Range(0, 7).Select(_ => row).ToList();

        var body = MessageLimits.ToBody(new MessageReply { Content = "pick", Components = rows });

        Assert.Equal(2, body.Components!.Count);
        Assert.Equal(["id-5", "id-6"], body.Components[1].Components.Select(button => button.CustomId!));
        var buttons = body.Components[0].Components;
        Assert.Equal(5, buttons.Count);
        Assert.Equal(["id-0", "id-1", "id-2", "id-3", "id-4"], buttons.Select(button => button.CustomId));
        Assert.All(buttons, button => Assert.Equal(80, button.Label?.Length));

        var distinct = new ActionRow([.. Enumerable.Range(0, 5).Select(i => new Button(ButtonStyle.Secondary, "b", $"r{i}"))]);
        var five = MessageLimits.ToBody(new MessageReply { Components = [.. Enumerable.Range(0, 6).Select(r => distinct with { Buttons = [.. distinct.Buttons.Select(b => b with { CustomId = $"{b.CustomId}-{r}" })] })] });
        Assert.Equal(5, five.Components!.Count);
    }

    [Fact]
    public void Buttons_with_invalid_custom_ids_are_left_out()
    {
        var row = new ActionRow([
            new Button(ButtonStyle.Primary, "ok", "same"),
            new Button(ButtonStyle.Primary, "dup", "same"),
            new Button(ButtonStyle.Primary, "empty", ""),
            new Button(ButtonStyle.Primary, "long", new string('x', 101)),
            new Button(ButtonStyle.Link, "docs", Url: "https://example.org"),
        ]);

        var buttons = MessageLimits.ToBody(new MessageReply { Components = [row] }).Components![0].Components;

        Assert.Equal(["ok", "docs"], buttons.Select(button => button.Label));
        Assert.Null(buttons[1].CustomId);
        Assert.Equal("https://example.org", buttons[1].Url);
    }

    [Fact]
    public void Allowed_mentions_is_always_sent_and_pings_nobody_by_default()
    {
        var json = Serialize(MessageLimits.ToBody(MessageReply.Text("@everyone look <@123>")));

        Assert.Equal("""{"parse":[]}""", json.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public void Allowed_mentions_names_only_the_users_and_roles_the_reply_allows()
    {
        var reply = MessageReply.Text("<@5>") with { AllowedMentions = new AllowedMentions([new Snowflake(5)], [new Snowflake(6)]) };

        var json = Serialize(MessageLimits.ToBody(reply));

        Assert.Equal("""{"parse":[],"users":["5"],"roles":["6"]}""", json.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public void Ephemeral_replies_carry_flag_64_and_edits_carry_no_flags()
    {
        var reply = MessageReply.Text("only you", ephemeral: true);

        Assert.Equal(64, MessageLimits.ToBody(reply).Flags);
        Assert.Null(MessageLimits.ToBody(reply, isEdit: true).Flags);
    }

    [Fact]
    public void Autocomplete_sends_at_most_25_choices_of_1_to_100_characters()
    {
        var choices = Enumerable.Range(0, 30).Select(i => new AutocompleteChoice(i == 0 ? "" : new string('c', 150), $"v{i}")).ToList();

        var data = MessageLimits.ToAutocomplete(choices, CommandOptionType.String);

        Assert.Equal(25, data.Choices.Count);
        Assert.Equal(MessageLimits.Placeholder, data.Choices[0].Name);
        Assert.Equal(100, data.Choices[1].Name.Length);
        Assert.Equal("v1", data.Choices[1].Value.GetString());
    }

    [Fact]
    public void Autocomplete_values_for_integer_options_are_numbers()
    {
        var data = MessageLimits.ToAutocomplete([new AutocompleteChoice("ten", "10")], CommandOptionType.Integer);

        Assert.Equal(JsonValueKind.Number, data.Choices[0].Value.ValueKind);
        Assert.Equal(10, data.Choices[0].Value.GetInt64());
    }

    private static JsonElement Serialize(MessageBody body) =>
        JsonSerializer.SerializeToElement(body, DiscordJsonContext.Default.MessageBody);
}
