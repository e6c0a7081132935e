namespace FakeDiscord;

/// <summary>Permission bits for <c>member.permissions</c> (docs/topics--permissions.mdx, "Bitwise Permission Flags").</summary>
public static class DiscordPermissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageChannels = 1UL << 4;
    public const ulong ManageGuild = 1UL << 5;
    public const ulong AddReactions = 1UL << 6;
    public const ulong ViewChannel = 1UL << 10;
    public const ulong SendMessages = 1UL << 11;
    public const ulong ManageMessages = 1UL << 13;
    public const ulong EmbedLinks = 1UL << 14;
    public const ulong AttachFiles = 1UL << 15;
    public const ulong ReadMessageHistory = 1UL << 16;
    public const ulong UseApplicationCommands = 1UL << 31;
    public const ulong ModerateMembers = 1UL << 40;

    /// <summary>What an ordinary member of a default server has in a text channel.</summary>
    public const ulong Member = AddReactions | ViewChannel | SendMessages | EmbedLinks | AttachFiles | ReadMessageHistory | UseApplicationCommands;

    /// <summary>The example <c>app_permissions</c> from docs/interactions--application-commands.mdx.</summary>
    public const ulong App = 442_368;
}
