using Bot.Discord.Abstractions;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>
/// Who moderates the bot in a server, judged from the interaction itself: Discord sends the member's permissions
/// and roles with every guild interaction, and server admins can override <c>default_member_permissions</c>, so
/// hiding /mod is not enough (../shared/discord/PROTOCOL.md, "Application commands").
/// </summary>
public static class Moderators
{
    /// <summary>Administrator or Manage Server: moderates whatever the moderator role is.</summary>
    public static bool HasServerRights(InteractionMember? member) =>
        member is not null && (member.Permissions & (Permissions.Administrator | Permissions.ManageGuild)) != 0;

    public static bool HasRole(InteractionMember? member, Snowflake? roleId) =>
        member is not null && roleId is { } role && member.Roles.Contains(role);

    public static bool IsModerator(InteractionMember? member, GuildModeration settings) =>
        HasServerRights(member) || HasRole(member, settings.ModeratorRoleId);

    /// <summary>Whether the interaction is the moderators' own command, which no guard may stop.</summary>
    public static bool IsModCommand(Interaction interaction) =>
        interaction.Kind is InteractionKind.ApplicationCommand or InteractionKind.Autocomplete && interaction.CommandName == ModCommand.Name;
}
