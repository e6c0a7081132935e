namespace Bot.Discord.Abstractions;

/// <summary>
/// An application command as the bot declares it; published with a bulk overwrite.
/// See ../shared/discord/docs/interactions--application-commands.mdx.
/// </summary>
public sealed record CommandDefinition(
    string Name,
    string Description,
    IReadOnlyList<CommandOptionDefinition> Options,
    CommandKind Kind = CommandKind.ChatInput,
    ulong? DefaultMemberPermissions = null,
    bool AllowInDirectMessages = false);

public sealed record CommandOptionDefinition(
    string Name,
    string Description,
    CommandOptionType Type,
    bool Required = false,
    bool Autocomplete = false,
    IReadOnlyList<CommandChoice>? Choices = null,
    int? MinLength = null,
    int? MaxLength = null,
    long? MinValue = null,
    long? MaxValue = null,
    IReadOnlyList<CommandOptionDefinition>? Options = null);

public sealed record CommandChoice(string Name, string Value);

/// <summary>Permission bits the bot refers to. See ../shared/discord/docs/topics--permissions.mdx.</summary>
public static class Permissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;
}
