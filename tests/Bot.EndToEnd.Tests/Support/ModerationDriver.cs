using System.Globalization;
using System.Text.Json.Nodes;
using FakeDiscord;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>Drives /mod and /ask as the people of a server would: a moderator, members, in one channel or another.</summary>
internal static class ModerationDriver
{
    /// <summary>Has Manage Server, as the server owner would give a moderator.</summary>
    public static readonly FakeUser Moderator = new(222_000_000_000_000_001, "maya", "Maya");

    public static readonly FakeUser Member = FakeUser.Default;

    public static readonly FakeUser OtherMember = new(333_000_000_000_000_002, "otto", "Otto");

    public const ulong ModeratorPermissions = DiscordPermissions.Member | DiscordPermissions.ManageGuild;

    /// <summary>Channels of the emulator's guild besides its default one.</summary>
    public const ulong Questions = 645_027_906_669_510_700;

    public const ulong OffTopic = 645_027_906_669_510_701;

    public const string TroopsQuestion = "How many North Korean troops went to Russia?";

    /// <summary>A Channel option (type 7): Discord sends the channel's id.</summary>
    public static CommandOption Channel(ulong id) => new("channel", 7, JsonValue.Create(Id(id)));

    /// <summary>A Role option (type 8): Discord sends the role's id.</summary>
    public static CommandOption Role(ulong id) => new("role", 8, JsonValue.Create(Id(id)));

    public static CommandOption Sub(string name, params CommandOption[] options) => CommandOption.Subcommand(name, options);

    public static CommandOption Group(string name, string subcommand, params CommandOption[] options) =>
        CommandOption.SubcommandGroup(name, CommandOption.Subcommand(subcommand, options));

    /// <summary>/mod as the moderator, in the default channel, with Manage Server; returns the reply they see.</summary>
    public static Task<VisibleMessage> ModAsync(this FakeDiscordServer discord, CommandOption subcommand, ulong? channelId = null) =>
        discord.ModAsync(subcommand, Moderator, ModeratorPermissions, channelId);

    public static async Task<VisibleMessage> ModAsync(this FakeDiscordServer discord, CommandOption subcommand, FakeUser user, ulong permissions, ulong? channelId = null)
    {
        var handle = await discord.SendSlashCommandAsync(discord.Options.GuildId, channelId ?? discord.Options.ChannelId, user, "mod", [subcommand], permissions);
        return await handle.WaitForOriginalAsync(Answers.Patience);
    }

    public static async Task<VisibleMessage> AskAsync(this FakeDiscordServer discord, string question, FakeUser? user = null, ulong? channelId = null, bool? privately = null)
    {
        CommandOption[] options = privately is { } value
            ? [CommandOption.String("question", question), CommandOption.Boolean("private", value)]
            : [CommandOption.String("question", question)];
        var handle = await discord.SendSlashCommandAsync(discord.Options.GuildId, channelId ?? discord.Options.ChannelId, user ?? Member, "ask", options);
        return await handle.WaitForOriginalAsync(Answers.Patience);
    }

    public static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
