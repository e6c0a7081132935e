using System.Net;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

public sealed class CommandSpecs
{
    [Fact]
    public async Task The_emulator_stores_a_bulk_overwrite_and_lists_it()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        var path = $"applications/{discord.Options.ApplicationId}/commands";
        var commands = Scenario.AskCommand;
        commands.Add(new JsonObject { ["name"] = "purge", ["description"] = "Delete messages", ["default_member_permissions"] = "8192" });

        // Act
        var put = await bot.SendJsonAsync(HttpMethod.Put, path, commands);
        var listed = JsonNode.Parse(await (await bot.Http.GetAsync(path)).Content.ReadAsStringAsync())!.AsArray();

        // Assert
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["ask", "purge"], listed.Select(c => (string?)c!["name"]));
        Assert.All(listed, c => Assert.False(string.IsNullOrEmpty((string?)c!["id"])));
        Assert.Equal("8192", (string?)listed[1]!["default_member_permissions"]);
        Assert.Equal(2, discord.Commands.CreateCount);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_keeps_ids_and_deletes_what_an_overwrite_leaves_out()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        var path = $"applications/{discord.Options.ApplicationId}/commands";
        var both = Scenario.AskCommand;
        both.Add(new JsonObject { ["name"] = "about", ["description"] = "About the bot" });
        var first = JsonNode.Parse(await (await bot.SendJsonAsync(HttpMethod.Put, path, both)).Content.ReadAsStringAsync())!.AsArray();

        // Act
        var second = JsonNode.Parse(await (await bot.SendJsonAsync(HttpMethod.Put, path, Scenario.AskCommand)).Content.ReadAsStringAsync())!.AsArray();

        // Assert
        Assert.Equal((string?)first[0]!["id"], (string?)Assert.Single(second)!["id"]);
        Assert.Equal("ask", Assert.Single(discord.Commands.Global).GetProperty("name").GetString());
        Assert.Equal(2, discord.Commands.CreateCount);
        Assert.Equal(2, discord.Commands.OverwriteCount);
    }

    [Fact]
    public async Task The_emulator_rejects_a_command_with_an_uppercase_name()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        var commands = new JsonArray(new JsonObject { ["name"] = "Ask", ["description"] = "Ask a question" });

        // Act
        var response = await bot.SendJsonAsync(HttpMethod.Put, $"applications/{discord.Options.ApplicationId}/commands", commands);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await bot.ReadJsonAsync(response);
        Assert.Equal(50035, (int?)body["code"]);
        Assert.Equal("APPLICATION_COMMAND_INVALID_NAME", (string?)body["errors"]!["0"]!["name"]!["_errors"]![0]!["code"]);
        Assert.Empty(discord.Commands.Global);
    }

    [Fact]
    public async Task The_emulator_rejects_a_description_over_100_characters_and_26_options()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        var options = new JsonArray([.. Enumerable.Range(0, 26).Select(i => (JsonNode)new JsonObject { ["type"] = 3, ["name"] = $"o{i}", ["description"] = "x" })]);
        var commands = new JsonArray(new JsonObject { ["name"] = "ask", ["description"] = new string('d', 101), ["options"] = options });

        // Act
        var response = await bot.SendJsonAsync(HttpMethod.Put, $"applications/{discord.Options.ApplicationId}/commands", commands);

        // Assert
        var errors = (await bot.ReadJsonAsync(response))["errors"]!["0"]!;
        Assert.NotNull(errors["description"]!["_errors"]);
        Assert.NotNull(errors["options"]!["_errors"]);
    }
}
