using System.Net;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

/// <summary>The strictness must not reject what Discord accepts: realistic bodies pass the OpenAPI checks.</summary>
public sealed class SchemaSpecs
{
    [Fact]
    public async Task The_emulator_accepts_a_full_featured_reply()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, interaction) = await Scenario.AskedAsync(discord);
        await using var _ = bot;
        var body = JsonNode.Parse("""
            {
              "type": 4,
              "data": {
                "content": "Here is what I found <@53908232506183680>",
                "tts": false,
                "flags": 64,
                "allowed_mentions": { "parse": [], "users": [], "roles": [], "replied_user": false },
                "embeds": [{
                  "type": "rich",
                  "title": "Weapons shipments",
                  "description": "A summary",
                  "url": "https://example.com/article",
                  "color": 5814783,
                  "timestamp": "2024-05-01T12:00:00.000Z",
                  "footer": { "text": "Source: example.com", "icon_url": "https://example.com/i.png" },
                  "author": { "name": "Reporter", "url": "https://example.com" },
                  "fields": [{ "name": "Score", "value": "0.93", "inline": true }],
                  "thumbnail": { "url": "https://example.com/t.png" }
                }],
                "components": [{
                  "type": 1,
                  "components": [
                    { "type": 2, "style": 1, "label": "More", "custom_id": "more:1", "emoji": { "name": "🔎" } },
                    { "type": 2, "style": 5, "label": "Open", "url": "https://example.com/article" },
                    { "type": 2, "style": 2, "label": "Off", "custom_id": "off", "disabled": true }
                  ]
                }, {
                  "type": 1,
                  "components": [{ "type": 3, "custom_id": "pick", "placeholder": "Choose", "options": [{ "label": "A", "value": "a", "description": "first" }], "min_values": 1, "max_values": 1 }]
                }]
              }
            }
            """)!;

        // Act
        var response = await bot.CallbackAsync(interaction, body);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, string.Join("\n", discord.Violations));
        Assert.True((await interaction.WaitForOriginalAsync(TimeSpan.FromSeconds(5))).IsEphemeral);
    }

    [Fact]
    public async Task The_emulator_accepts_a_realistic_command_set()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        var commands = JsonNode.Parse("""
            [
              {
                "name": "ask", "type": 1, "description": "Ask the articles",
                "contexts": [0], "integration_types": [0], "dm_permission": false, "nsfw": false,
                "options": [
                  { "type": 3, "name": "question", "description": "Your question", "required": true, "min_length": 3, "max_length": 300, "autocomplete": true },
                  { "type": 4, "name": "count", "description": "How many", "min_value": 1, "max_value": 10 },
                  { "type": 3, "name": "lang", "description": "Language", "choices": [{ "name": "English", "value": "en" }, { "name": "Deutsch", "value": "de" }] }
                ]
              },
              {
                "name": "mod", "type": 1, "description": "Moderation", "default_member_permissions": "8192",
                "options": [
                  { "type": 2, "name": "warn", "description": "Warnings", "options": [
                    { "type": 1, "name": "add", "description": "Warn someone", "options": [
                      { "type": 6, "name": "user", "description": "Who", "required": true },
                      { "type": 3, "name": "reason", "description": "Why" }
                    ]}
                  ]},
                  { "type": 1, "name": "purge", "description": "Delete messages", "options": [
                    { "type": 4, "name": "count", "description": "How many", "required": true, "min_value": 1, "max_value": 100 }
                  ]}
                ]
              },
              { "name": "Quote this", "type": 3 },
              { "name": "Report user", "type": 2, "default_member_permissions": null }
            ]
            """)!;

        // Act
        var response = await bot.SendJsonAsync(HttpMethod.Put, $"applications/{discord.Options.ApplicationId}/guilds/{discord.Options.GuildId}/commands", commands);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", discord.Violations));
        Assert.Equal(4, discord.Commands.ForGuild(discord.Options.GuildId).Count);
    }

    [Fact]
    public async Task The_emulator_drives_context_menu_commands()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        var commands = new JsonArray(new JsonObject { ["name"] = "Quote this", ["type"] = 3 }, new JsonObject { ["name"] = "Report user", ["type"] = 2 });
        await bot.SendJsonAsync(HttpMethod.Put, $"applications/{discord.Options.ApplicationId}/commands", commands);

        // Act
        await discord.SendMessageCommandAsync("Quote this", "The quick brown fox");
        var onMessage = (await bot.ReceiveAsync())["d"]!["data"]!;
        await discord.SendUserCommandAsync("Report user", new FakeUser(42, "someone"));
        var onUser = (await bot.ReceiveAsync())["d"]!["data"]!;

        // Assert
        var targetId = (string)onMessage["target_id"]!;
        Assert.Equal("The quick brown fox", (string?)onMessage["resolved"]!["messages"]![targetId]!["content"]);
        Assert.Equal("someone", (string?)onUser["resolved"]!["users"]!["42"]!["username"]);
        Assert.Empty(discord.Violations);
    }
}
