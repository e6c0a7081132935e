using System.Net;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Hosting;
using Bot.Discord.Interactions;
using Bot.Discord.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests;

/// <summary>Bulk overwrite only when the commands changed (docs/interactions--application-commands.mdx).</summary>
public sealed class CommandPublishingSpecs
{
    private static readonly Snowflake App = new(775799577604522054);

    private static readonly CommandDefinition Ask = new(
        "ask",
        "Ask a question about the articles",
        [new CommandOptionDefinition("question", "What you want to know", CommandOptionType.String, Required: true, Autocomplete: true, MaxLength: 300)]);

    private static readonly CommandDefinition Mod = new(
        "mod",
        "Moderation",
        [new CommandOptionDefinition("channels", "Channels", CommandOptionType.SubCommandGroup, Options:
            [new CommandOptionDefinition("allow", "Allow a channel", CommandOptionType.SubCommand, Options:
                [new CommandOptionDefinition("limit", "Per hour", CommandOptionType.Integer, MinValue: 1, MaxValue: 100, Choices: [new CommandChoice("ten", "10")])])])],
        DefaultMemberPermissions: Permissions.ManageGuild);

    /// <summary>What Discord answers to GET for the commands above: ids, versions and defaults filled in.</summary>
    private const string Published = """
        [{"id":"1","application_id":"775799577604522054","version":"9","type":1,"name":"mod","description":"Moderation","default_member_permissions":"32","dm_permission":true,"contexts":[0],"integration_types":[0],"nsfw":false,
          "options":[{"type":2,"name":"channels","description":"Channels","options":[{"type":1,"name":"allow","description":"Allow a channel",
            "options":[{"type":4,"name":"limit","description":"Per hour","required":false,"min_value":1,"max_value":100,"choices":[{"name":"ten","value":10}]}]}]}]},
         {"id":"2","application_id":"775799577604522054","version":"9","type":1,"name":"ask","description":"Ask a question about the articles","default_member_permissions":null,"contexts":[0],
          "options":[{"type":3,"name":"question","description":"What you want to know","required":true,"autocomplete":true,"max_length":300}]}]
        """;

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider time = Support.Discord.Time();
    private readonly TestLogs logs = new();
    private readonly FakeDiscordHttp http;

    public CommandPublishingSpecs()
    {
        http = new FakeDiscordHttp(time)
        {
            Respond = request => FakeDiscordHttp.Json(HttpStatusCode.OK, request.Method == HttpMethod.Get ? Published : request.Body!),
        };
    }

    [Fact]
    public async Task The_bot_skips_the_overwrite_when_nothing_changed()
    {
        var published = await Publisher([Ask, Mod], guild: "290926798626357999").PublishAsync(App, CancellationToken.None);

        Assert.False(published);
        var request = Assert.Single(http.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"/api/v10/applications/{App}/guilds/290926798626357999/commands", request.Path);
        Assert.Contains(logs.Lines, line => line.Contains("unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bot_overwrites_globally_when_a_description_changed()
    {
        var changed = Ask with { Description = "Ask anything about the articles" };

        var published = await Publisher([changed, Mod], guild: null).PublishAsync(App, CancellationToken.None);

        Assert.True(published);
        Assert.Equal(2, http.Requests.Count);
        var put = http.Requests[1];
        Assert.Equal(HttpMethod.Put, put.Method);
        Assert.Equal($"/api/v10/applications/{App}/commands", put.Path);
        var body = JsonDocument.Parse(put.Body!).RootElement;
        Assert.Equal("Ask anything about the articles", body[0].GetProperty("description").GetString());
        Assert.Equal(1, body[0].GetProperty("type").GetInt32());
        Assert.Equal("[0]", body[0].GetProperty("contexts").GetRawText());
        Assert.False(body[0].TryGetProperty("default_member_permissions", out _));
        Assert.Equal("32", body[1].GetProperty("default_member_permissions").GetString());
        var limit = body[1].GetProperty("options")[0].GetProperty("options")[0].GetProperty("options")[0];
        Assert.Equal(10, limit.GetProperty("choices")[0].GetProperty("value").GetInt32());
        Assert.Equal(1, limit.GetProperty("min_value").GetInt32());
    }

    [Fact]
    public void Commands_allowed_in_DMs_declare_every_context_and_context_menus_have_no_description()
    {
        var dm = CommandPublisher.ToPayload(Ask with { AllowInDirectMessages = true });
        var menu = CommandPublisher.ToPayload(new CommandDefinition("Ask about this", "ignored", [], CommandKind.Message));

        Assert.Equal([0, 1, 2], dm.Contexts);
        Assert.Equal("", menu.Description);
        Assert.Equal(3, menu.Type);
        Assert.Empty(CommandPublisher.Validate([menu]));
    }

    [Fact]
    public async Task An_invalid_catalog_is_refused_with_the_reasons_before_anything_is_sent()
    {
        var bad = new CommandDefinition("Ask", new string('d', 101), [.. Enumerable.Range(0, 26).Select(i => new CommandOptionDefinition($"o{i}", "d", CommandOptionType.String))]);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Publisher([bad], null).PublishAsync(App, CancellationToken.None));

        Assert.Contains("Ask: names are 1–32 characters", failure.Message, StringComparison.Ordinal);
        Assert.Contains("description must be 1–100", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at most 25 options", failure.Message, StringComparison.Ordinal);
        Assert.Empty(http.Requests);
    }

    [Fact]
    public void Options_are_validated_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = Support.Discord.Token,
            ["Discord:ApiBaseUrl"] = "not a url",
            ["Discord:GuildId"] = "guild",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddDiscordGateway(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DiscordOptions>>().Value);

        Assert.Contains(failure.Failures, message => message.Contains("Discord:ApiBaseUrl must be an absolute http or https URL.", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, message => message.Contains("Discord:GuildId must be a snowflake (a decimal number) when set.", StringComparison.Ordinal));
        Assert.DoesNotContain(Support.Discord.Token, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_the_Discord_section_with_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = Support.Discord.Token,
            ["Discord:GuildId"] = "",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddDiscordGateway(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;

        Assert.Equal("https://discord.com/api/v10", options.ApiBaseUrl);
        Assert.Null(options.Guild);
        Assert.Equal(0, options.Intents);
        Assert.NotNull(provider.GetRequiredService<Gateway.IDiscordConnectionState>());
    }

    private CommandPublisher Publisher(IReadOnlyList<CommandDefinition> commands, string? guild) => new(
        Support.Discord.Rest(http, time, logs),
        new Catalog(commands),
        Microsoft.Extensions.Options.Options.Create(Support.Discord.Options(guild)),
        logs.For<CommandPublisher>());

    private sealed class Catalog(IReadOnlyList<CommandDefinition> commands) : ICommandCatalog
    {
        public IReadOnlyList<CommandDefinition> Commands => commands;
    }
}
