using System.Net;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

public sealed class InteractionSpecs
{
    [Fact]
    public async Task The_emulator_dispatches_a_slash_command_shaped_like_discords_example()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        await Scenario.RegisterAskAsync(bot, discord);

        // Act
        var interaction = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Who won?"));
        var dispatch = await bot.ReceiveAsync();

        // Assert
        var d = dispatch["d"]!;
        Assert.Equal(2, (int?)dispatch["s"]);
        Assert.Equal(2, (int?)d["type"]);
        Assert.Equal(interaction.Token, (string?)d["token"]);
        Assert.Equal("ask", (string?)d["data"]!["name"]);
        Assert.Equal(discord.Commands.ForGuild(discord.Options.GuildId)[0].GetProperty("id").GetString(), (string?)d["data"]!["id"]);
        Assert.Equal("Who won?", (string?)d["data"]!["options"]![0]!["value"]);
        Assert.IsType<string>((string?)d["member"]!["permissions"]);
        Assert.Equal("en-US", (string?)d["locale"]);
        Assert.NotNull((string?)d["app_permissions"]);
        Assert.NotNull(interaction.DispatchedAt);
    }

    [Fact]
    public async Task The_emulator_refuses_to_dispatch_a_command_the_bot_never_registered()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);

        // Act
        var refused = await Record.ExceptionAsync(() => discord.SendSlashCommandAsync("ask"));

        // Assert
        Assert.Contains("has not registered", Assert.IsType<InvalidOperationException>(refused).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_accepts_and_records_a_valid_callback()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;

        // Act
        var response = await bot.CallbackAsync(interaction, Scenario.Reply("Sweden won."));
        var callback = await interaction.WaitForCallbackAsync(TimeSpan.FromSeconds(2));
        var original = await interaction.WaitForOriginalAsync(TimeSpan.FromSeconds(2));

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(4, callback.Type);
        Assert.True(callback.Latency < TimeSpan.FromSeconds(2));
        Assert.Equal("Sweden won.", original.Content);
        var message = Assert.Single(discord.Messages);
        Assert.Equal(MessageSource.Callback, message.Source);
        Assert.True(message.AllowedMentionsPresent);
        Assert.True(message.AllowedMentionsEmpty);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_shows_the_edit_after_a_deferral_and_lists_follow_ups()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        var app = discord.Options.ApplicationId;

        // Act
        await bot.CallbackAsync(interaction, new JsonObject { ["type"] = 5, ["data"] = new JsonObject { ["flags"] = 64 } });
        var edit = await bot.SendJsonAsync(HttpMethod.Patch, $"webhooks/{app}/{interaction.Token}/messages/@original", new JsonObject
        {
            ["content"] = "Found it.",
            ["embeds"] = new JsonArray(new JsonObject { ["title"] = "Source", ["description"] = "An article" }),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        });
        var followup = await bot.SendJsonAsync(HttpMethod.Post, $"webhooks/{app}/{interaction.Token}", new JsonObject { ["content"] = "One more thing." });
        var original = await interaction.WaitForOriginalAsync(TimeSpan.FromSeconds(2), minimumEdits: 1);
        var got = await bot.Http.GetAsync($"webhooks/{app}/{interaction.Token}/messages/@original");

        // Assert
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, followup.StatusCode);
        Assert.Equal("Found it.", original.Content);
        Assert.Equal(1, original.Edits);
        Assert.True(original.IsEphemeral);
        Assert.Equal("Source", Assert.Single(original.Embeds).GetProperty("title").GetString());
        Assert.Equal("One more thing.", Assert.Single(interaction.Followups).Content);
        Assert.False(discord.Messages.Single(m => m.Source == MessageSource.Followup).AllowedMentionsPresent);
        Assert.Equal("Found it.", (string?)(await bot.ReadJsonAsync(got))["content"]);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_rejects_a_callback_with_content_over_2000_characters()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;

        // Act
        var response = await bot.CallbackAsync(interaction, Scenario.Reply(new string('a', 2001)));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await bot.ReadJsonAsync(response);
        Assert.Equal(50035, (int?)body["code"]);
        Assert.Equal("Invalid Form Body", (string?)body["message"]);
        var error = body["errors"]!["data"]!["content"]!["_errors"]![0]!;
        Assert.Equal("BASE_TYPE_MAX_LENGTH", (string?)error["code"]);
        Assert.Contains("2000", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains(discord.Violations, v => v.Contains("data.content", StringComparison.Ordinal));
        Assert.Null(interaction.Callback);
    }

    [Fact]
    public async Task The_emulator_rejects_a_callback_that_breaks_the_openapi_schema()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        var body = new JsonObject
        {
            ["type"] = 4,
            ["data"] = new JsonObject
            {
                ["content"] = "hi",
                ["embeds"] = new JsonArray(new JsonObject { ["color"] = "red", ["url"] = "not a url" }),
            },
        };

        // Act
        var response = await bot.CallbackAsync(interaction, body);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await bot.ReadJsonAsync(response))["errors"]!["data"]!["embeds"]!["0"]!;
        Assert.NotNull(errors["color"]?["_errors"]);
        Assert.NotNull(errors["url"]?["_errors"]);
    }

    [Fact]
    public async Task The_emulator_rejects_embeds_over_6000_characters_and_duplicate_custom_ids()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        var embed = new JsonObject { ["description"] = new string('d', 4000) };
        var button = new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = "Next", ["custom_id"] = "page:2" };
        var body = new JsonObject
        {
            ["type"] = 4,
            ["data"] = new JsonObject
            {
                ["embeds"] = new JsonArray(embed, embed.DeepClone()),
                ["components"] = new JsonArray(new JsonObject { ["type"] = 1, ["components"] = new JsonArray(button, button.DeepClone()) }),
            },
        };

        // Act
        var response = await bot.CallbackAsync(interaction, body);

        // Assert
        var errors = (await bot.ReadJsonAsync(response))["errors"]!["data"]!;
        Assert.Equal("MAX_EMBED_SIZE_EXCEEDED", (string?)errors["embeds"]!["_errors"]![0]!["code"]);
        Assert.Equal("COMPONENT_CUSTOM_ID_DUPLICATED", (string?)errors["components"]!["0"]!["components"]!["1"]!["custom_id"]!["_errors"]![0]!["code"]);
    }

    [Fact]
    public async Task The_emulator_rejects_a_second_callback_with_40060()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        await bot.CallbackAsync(interaction, Scenario.Reply("first"));

        // Act
        var response = await bot.CallbackAsync(interaction, Scenario.Reply("second"));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await bot.ReadJsonAsync(response);
        Assert.Equal(40060, (int?)body["code"]);
        Assert.Equal("Interaction has already been acknowledged", (string?)body["message"]);
        Assert.Equal("first", interaction.Original!.Content);
    }

    [Fact]
    public async Task The_emulator_rejects_a_callback_after_the_deadline_with_10062()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { CallbackDeadline = Scenario.ShortDeadline });
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        await Task.Delay(discord.Options.CallbackDeadline + TimeSpan.FromMilliseconds(100));

        // Act
        var response = await bot.CallbackAsync(interaction, Scenario.Reply("too late"));

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await bot.ReadJsonAsync(response);
        Assert.Equal(10062, (int?)body["code"]);
        Assert.Equal("Unknown interaction", (string?)body["message"]);
        Assert.Contains(discord.Violations, v => v.Contains("past the 400 ms deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_rejects_a_callback_for_an_unknown_interaction()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);

        // Act
        var response = await bot.SendJsonAsync(HttpMethod.Post, "interactions/1234/sometoken/callback", Scenario.Reply("hi"));

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(10062, (int?)(await bot.ReadJsonAsync(response))["code"]);
    }

    [Fact]
    public async Task The_emulator_rejects_the_webhook_token_once_it_expired()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { InteractionTokenLifetime = TimeSpan.FromMilliseconds(300) });
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        await bot.CallbackAsync(interaction, new JsonObject { ["type"] = 5 });
        await Task.Delay(400);

        // Act
        var response = await bot.SendJsonAsync(HttpMethod.Patch, $"webhooks/{discord.Options.ApplicationId}/{interaction.Token}/messages/@original", new JsonObject { ["content"] = "late" });

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(50027, (int?)(await bot.ReadJsonAsync(response))["code"]);
    }

    [Fact]
    public async Task The_emulator_takes_at_most_25_autocomplete_choices()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        await Scenario.RegisterAskAsync(bot, discord);
        var interaction = await discord.SendAutocompleteAsync("ask", CommandOption.Focused("question", "wea"));
        var dispatch = await bot.ReceiveAsync();
        var choices = new JsonArray([.. Enumerable.Range(0, 26).Select(i => (JsonNode)new JsonObject { ["name"] = $"weather {i}", ["value"] = $"weather {i}" })]);

        // Act
        var response = await bot.CallbackAsync(interaction, new JsonObject { ["type"] = 8, ["data"] = new JsonObject { ["choices"] = choices } });

        // Assert
        Assert.Equal(4, (int?)dispatch["d"]!["type"]);
        Assert.True((bool?)dispatch["d"]!["data"]!["options"]![0]!["focused"]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await bot.ReadJsonAsync(response))["errors"]!["data"]!["choices"]);
    }

    [Fact]
    public async Task The_emulator_lets_a_test_click_a_button_the_bot_sent()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        var reply = Scenario.Reply("Page 1");
        reply["data"]!["components"] = new JsonArray(new JsonObject
        {
            ["type"] = 1,
            ["components"] = new JsonArray(new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = "Next", ["custom_id"] = "page:2" }),
        });
        await bot.CallbackAsync(interaction, reply);

        // Act
        var click = await discord.SendComponentAsync("page:2");
        var dispatch = await bot.ReceiveAsync();
        var update = await bot.CallbackAsync(click, new JsonObject { ["type"] = 7, ["data"] = new JsonObject { ["content"] = "Page 2" } });
        var shown = await click.WaitForOriginalAsync(TimeSpan.FromSeconds(2));

        // Assert
        Assert.Equal(3, (int?)dispatch["d"]!["type"]);
        Assert.Equal("Page 1", (string?)dispatch["d"]!["message"]!["content"]);
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal("Page 2", shown.Content);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_lets_the_bot_edit_and_delete_a_follow_up_by_id()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        var webhook = $"webhooks/{discord.Options.ApplicationId}/{interaction.Token}";
        await bot.CallbackAsync(interaction, Scenario.Reply("Answer"));
        var created = await bot.ReadJsonAsync(await bot.SendJsonAsync(HttpMethod.Post, webhook, new JsonObject { ["content"] = "Sources: 1" }));
        var id = (string)created["id"]!;

        // Act
        var edited = await bot.SendJsonAsync(HttpMethod.Patch, $"{webhook}/messages/{id}", new JsonObject { ["content"] = "Sources: 1, 2" });
        var fetched = await bot.ReadJsonAsync(await bot.Http.GetAsync($"{webhook}/messages/{id}"));
        var deleted = await bot.Http.DeleteAsync($"{webhook}/messages/{id}");
        var gone = await bot.Http.GetAsync($"{webhook}/messages/{id}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("Sources: 1, 2", (string?)fetched["content"]);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(MessageSource.FollowupEdit, discord.Messages[^1].Source);
    }

    [Fact]
    public async Task The_emulator_refuses_to_send_options_the_command_does_not_declare()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await Scenario.RegisterAskAsync(bot, discord);

        // Act
        var unknown = await Record.ExceptionAsync(() => discord.SendSlashCommandAsync("ask", CommandOption.String("query", "x")));
        var missing = await Record.ExceptionAsync(() => discord.SendSlashCommandAsync("ask"));
        var wrongType = await Record.ExceptionAsync(() => discord.SendSlashCommandAsync("ask", CommandOption.Integer("question", 3)));

        // Assert
        Assert.Contains("declares no option", Assert.IsType<ArgumentException>(unknown).Message, StringComparison.Ordinal);
        Assert.Contains("required options: question", Assert.IsType<ArgumentException>(missing).Message, StringComparison.Ordinal);
        Assert.Contains("is type 3", Assert.IsType<ArgumentException>(wrongType).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_refuses_an_edit_that_leaves_a_deferred_reply_empty()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        await bot.CallbackAsync(interaction, new JsonObject { ["type"] = 5 });

        // Act
        var response = await bot.SendJsonAsync(HttpMethod.Patch, $"webhooks/{discord.Options.ApplicationId}/{interaction.Token}/messages/@original", new JsonObject { ["content"] = "" });

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50006, (int?)(await bot.ReadJsonAsync(response))["code"]);
        Assert.Equal(0, interaction.Original!.Edits);
    }
}
