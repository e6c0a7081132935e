using Bot.Discord.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Moderation.ModerationHarness;

namespace Bot.Tests.Moderation;

/// <summary>Who may moderate, judged from the interaction itself, and the changes that would lock every moderator out.</summary>
public sealed class ModeratorSpecs
{
    [Fact]
    public async Task A_member_with_the_moderator_role_can_moderate_without_Manage_Server()
    {
        await using var harness = new ModerationHarness();
        var refusedBefore = await harness.ModAsync(RoleModerator, Sub("blocked"));
        await harness.ModAsync(ServerModerator, Group("role", "set", Option("role", CommandOptionType.Role, ModeratorRole.ToString())));

        var allowed = await harness.ModAsync(RoleModerator, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "20")));
        var member = await harness.ModAsync(Ordinary, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "0")));

        Assert.Equal("Only moderators can use /mod: members with Manage Server or Administrator.", refusedBefore.Content);
        Assert.Equal("Done. Each member can ask once every 20 seconds.", allowed.Content);
        Assert.Equal($"Only moderators can use /mod: members with Manage Server, Administrator or <@&{ModeratorRole}>.", member.Content);
        Assert.True(member.Ephemeral);
    }

    [Fact]
    public async Task A_role_moderator_cannot_move_or_clear_the_role_they_moderate_through()
    {
        await using var harness = new ModerationHarness();
        await harness.ModAsync(ServerModerator, Group("role", "set", Option("role", CommandOptionType.Role, ModeratorRole.ToString())));

        var move = await harness.ModAsync(RoleModerator, Group("role", "set", Option("role", CommandOptionType.Role, OtherRole.ToString())));
        var clear = await harness.ModAsync(RoleModerator, Group("role", "clear"));
        var shown = await harness.ModAsync(RoleModerator, Group("role", "show"));
        var byServerModerator = await harness.ModAsync(ServerModerator, Group("role", "set", Option("role", CommandOptionType.Role, OtherRole.ToString())));

        Assert.Equal(
            $"You moderate through the role <@&{ModeratorRole}>, and you don't have <@&{OtherRole}>: the change would lock you out. Take the role first, or ask someone with Manage Server.",
            move.Content);
        Assert.StartsWith("You moderate through the moderator role: clearing it would lock you out.", clear.Content, StringComparison.Ordinal);
        Assert.StartsWith($"Members with <@&{ModeratorRole}> can use /mod", shown.Content, StringComparison.Ordinal);
        Assert.StartsWith($"Done: members with <@&{OtherRole}> can now use /mod here", byServerModerator.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_member_who_moderates_is_not_stopped_and_a_refused_member_learns_nothing_changed()
    {
        await using var harness = new ModerationHarness();
        var secondModerator = Member(9, Permissions.Administrator);
        await harness.ModAsync(ServerModerator, Sub("block", Option("user", CommandOptionType.User, secondModerator.User.Id.ToString()), Option("reason", CommandOptionType.String, "test")));
        await harness.ModAsync(ServerModerator, Sub("block", Option("user", CommandOptionType.User, Ordinary.User.Id.ToString())));

        var moderatorAsks = await harness.AskAsync(secondModerator, "How many North Korean troops went to Russia?");
        var memberAsks = await harness.AskAsync(Ordinary, "How many North Korean troops went to Russia?");
        var memberUnblocks = await harness.ModAsync(Ordinary, Sub("unblock", Option("user", CommandOptionType.User, Ordinary.User.Id.ToString())));
        var log = await harness.ModAsync(ServerModerator, Sub("log"));

        Assert.Contains("troops", moderatorAsks.Embeds[0].Description, StringComparison.Ordinal);
        Assert.StartsWith("A moderator of this server has blocked you", memberAsks.Content, StringComparison.Ordinal);
        Assert.StartsWith("Only moderators can use /mod", memberUnblocks.Content, StringComparison.Ordinal);
        Assert.Equal(2, log.Embeds[0].Description!.Split('\n').Length);
    }

    [Fact]
    public async Task The_cooldown_lets_a_member_ask_again_once_it_has_passed_and_never_applies_to_sources()
    {
        await using var harness = new ModerationHarness();
        await harness.ModAsync(ServerModerator, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "90")));

        var first = await harness.AskAsync(Ordinary, "How many North Korean troops went to Russia?");
        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        var early = await harness.AskAsync(Ordinary, "How many North Korean troops went to Russia?");
        var sources = await harness.SendAsync(Ordinary, "sources");
        harness.Clock.Advance(TimeSpan.FromSeconds(59));
        var onTime = await harness.AskAsync(Ordinary, "How many North Korean troops went to Russia?");

        Assert.NotEmpty(first.Embeds);
        Assert.Equal("You're asking too quickly: this server allows one question every 90 seconds. Try again in 59 seconds.", early.Content);
        Assert.StartsWith("The articles", sources.Embeds[0].Title, StringComparison.Ordinal);
        Assert.Contains("troops", onTime.Embeds[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mod_command_fits_Discords_limits()
    {
        await using var harness = new ModerationHarness();
        var definition = harness.Services.GetServices<Bot.Commands.IBotCommand>().Single(command => command.Definition.Name == "mod").Definition;

        var names = Flatten(definition.Options).ToList();

        Assert.Equal(Permissions.ManageGuild, definition.DefaultMemberPermissions);
        Assert.False(definition.AllowInDirectMessages);
        Assert.True(definition.Options.Count <= 25);
        Assert.All(definition.Options.Where(option => option.Options is not null), group => Assert.True(group.Options!.Count <= 25));
        Assert.All(names, option => Assert.Matches("^[-_a-z0-9]{1,32}$", option.Name));
        Assert.All(names, option => Assert.InRange(option.Description.Length, 1, 100));
        var size = definition.Name.Length + definition.Description.Length + names.Sum(option => option.Name.Length + option.Description.Length + (option.Choices?.Sum(choice => choice.Name.Length + choice.Value.Length) ?? 0));
        Assert.True(size <= 8000, $"/mod has {size} characters");
    }

    private static IEnumerable<CommandOptionDefinition> Flatten(IReadOnlyList<CommandOptionDefinition> options) =>
        options.SelectMany(option => new[] { option }.Concat(Flatten(option.Options ?? [])));
}
