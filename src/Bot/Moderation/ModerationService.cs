using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Storage;
using Microsoft.Extensions.Logging;

namespace Bot.Moderation;

/// <summary>The moderator behind a /mod interaction, with the server's settings as they stood when it arrived.</summary>
public sealed record Moderator(Snowflake GuildId, InteractionUser User, InteractionMember Member, GuildModeration Settings);

/// <summary>
/// The changes moderators make. Each is checked (bounds, and that nobody locks every moderator out), stored with its
/// audit line in one transaction, and only then confirmed: a confirmation means the setting is on disk.
/// </summary>
public sealed class ModerationService(IModerationStore store, ModerationState state, TimeProvider clock, ILogger<ModerationService> logger)
{
    public async Task<string> AllowChannelAsync(Moderator moderator, Snowflake channelId, string? reason, CancellationToken cancellationToken)
    {
        var changed = await ApplyAsync(moderator, new ModerationChange.AllowChannel(channelId), "channels allow", $"allowed <#{channelId}>", reason, cancellationToken);
        var summary = ChannelsSummary(await state.GetAsync(moderator.GuildId, cancellationToken));
        return changed ? $"Done. {summary}" : $"<#{channelId}> is already allowed. {summary}";
    }

    public async Task<string> DenyChannelAsync(Moderator moderator, Snowflake channelId, string? reason, CancellationToken cancellationToken)
    {
        var changed = await ApplyAsync(moderator, new ModerationChange.DenyChannel(channelId), "channels deny", $"denied <#{channelId}>", reason, cancellationToken);
        var summary = ChannelsSummary(await state.GetAsync(moderator.GuildId, cancellationToken));
        return changed ? $"Done: I no longer answer in <#{channelId}>. {summary}" : $"<#{channelId}> is already denied. {summary}";
    }

    public async Task<string> ResetChannelsAsync(Moderator moderator, string? reason, CancellationToken cancellationToken)
    {
        var changed = await ApplyAsync(moderator, new ModerationChange.ResetChannels(), "channels reset", "cleared every channel rule", reason, cancellationToken);
        return changed ? "Done: the channel rules are cleared. I answer in every channel." : "There were no channel rules: I already answer in every channel.";
    }

    public async Task<string> BlockAsync(Moderator moderator, Snowflake userId, string? reason, CancellationToken cancellationToken)
    {
        if (userId == moderator.User.Id)
        {
            throw new UserFacingException("You can't block yourself.");
        }

        var changed = await ApplyAsync(moderator, new ModerationChange.BlockUser(userId, reason), "block", $"blocked <@{userId}>", reason, cancellationToken);
        return changed
            ? $"Blocked <@{userId}>: they can no longer use the bot in this server.{(reason is null ? string.Empty : " Reason: " + Escape(reason))}"
            : $"<@{userId}> is already blocked for that reason.";
    }

    public async Task<string> UnblockAsync(Moderator moderator, Snowflake userId, string? reason, CancellationToken cancellationToken)
    {
        var changed = await ApplyAsync(moderator, new ModerationChange.UnblockUser(userId), "unblock", $"unblocked <@{userId}>", reason, cancellationToken);
        return changed ? $"Unblocked <@{userId}>: they can use the bot again." : $"<@{userId}> is not blocked.";
    }

    public async Task<string> SetCooldownAsync(Moderator moderator, int seconds, string? reason, CancellationToken cancellationToken)
    {
        if (seconds is < 0 or > ModerationLimits.MaxCooldownSeconds)
        {
            throw new UserFacingException($"The cooldown is 0 (none) to {ModerationLimits.MaxCooldownSeconds} seconds.");
        }

        var details = seconds == 0 ? "cooldown off" : $"cooldown {Describe.Seconds(seconds)}";
        var changed = await ApplyAsync(moderator, new ModerationChange.SetCooldown(seconds), "cooldown", details, reason, cancellationToken);
        return (changed ? "Done. " : "No change. ") + CooldownSummary(seconds);
    }

    public async Task<string> SetVisibilityAsync(Moderator moderator, bool privately, string? reason, CancellationToken cancellationToken)
    {
        var changed = await ApplyAsync(moderator, new ModerationChange.SetPrivateReplies(privately), "visibility", privately ? "replies private" : "replies public", reason, cancellationToken);
        return (changed ? "Done. " : "No change. ") + VisibilitySummary(privately);
    }

    public async Task<string> AddAliasAsync(Moderator moderator, string term, string means, string? reason, CancellationToken cancellationToken)
    {
        term = AliasText.Normalize(term);
        var meanings = AliasText.Meanings(means);
        if (term.Length is 0 or > ModerationLimits.MaxTermLength)
        {
            throw new UserFacingException($"The term is 1 to {ModerationLimits.MaxTermLength} characters: a word or a short phrase, as members write it.");
        }

        var meaning = string.Join(", ", meanings);
        if (meanings.Count == 0 || meaning.Length > ModerationLimits.MaxMeansLength)
        {
            throw new UserFacingException($"Say what the term means in 1 to {ModerationLimits.MaxMeansLength} characters, as the articles write it (several: separate them with commas).");
        }

        if (meanings.Contains(term))
        {
            throw new UserFacingException("The term and what it means are the same; an alias links two different words.");
        }

        var aliases = (await state.GetAsync(moderator.GuildId, cancellationToken)).Aliases;
        if (aliases.Count >= ModerationLimits.MaxAliasesPerServer && aliases.All(alias => alias.Term != term))
        {
            throw new UserFacingException($"This server has {ModerationLimits.MaxAliasesPerServer} aliases, the most it can have. Remove some first (/mod aliases list).");
        }

        var changed = await ApplyAsync(moderator, new ModerationChange.AddAlias(term, meaning), "aliases add", $"alias “{Escape(term)}” → “{Escape(meaning)}”", reason, cancellationToken);
        return changed
            ? $"Done: from now on a question saying “{Escape(term)}” also finds “{Escape(meaning)}” in the articles."
            : $"“{Escape(term)}” already means “{Escape(meaning)}”.";
    }

    public async Task<string> RemoveAliasAsync(Moderator moderator, string term, string? reason, CancellationToken cancellationToken)
    {
        term = AliasText.Normalize(term);
        var changed = await ApplyAsync(moderator, new ModerationChange.RemoveAlias(term), "aliases remove", $"removed alias “{Escape(term)}”", reason, cancellationToken);
        return changed
            ? $"Done: “{Escape(term)}” is no longer an alias."
            : $"There is no alias “{Escape(term)}”. /mod aliases list shows them.";
    }

    public async Task<string> SetModeratorRoleAsync(Moderator moderator, Snowflake roleId, string? reason, CancellationToken cancellationToken)
    {
        if (roleId == moderator.GuildId)
        {
            throw new UserFacingException("That is @everyone: every member would become a moderator. Choose a role only moderators have.");
        }

        // A member who moderates only through the role would lose /mod the moment another role replaced it.
        if (!Moderators.HasServerRights(moderator.Member) && !Moderators.HasRole(moderator.Member, roleId))
        {
            throw new UserFacingException(
                $"You moderate through the role <@&{moderator.Settings.ModeratorRoleId}>, and you don't have <@&{roleId}>: the change would lock you out. Take the role first, or ask someone with Manage Server.");
        }

        var changed = await ApplyAsync(moderator, new ModerationChange.SetModeratorRole(roleId), "role set", $"moderator role <@&{roleId}>", reason, cancellationToken);
        return changed
            ? $"Done: members with <@&{roleId}> can now use /mod here, as can everyone with Manage Server or Administrator."
            : $"<@&{roleId}> is already the moderator role.";
    }

    public async Task<string> ClearModeratorRoleAsync(Moderator moderator, string? reason, CancellationToken cancellationToken)
    {
        if (!Moderators.HasServerRights(moderator.Member))
        {
            throw new UserFacingException("You moderate through the moderator role: clearing it would lock you out. Ask someone with Manage Server to clear it.");
        }

        var changed = await ApplyAsync(moderator, new ModerationChange.SetModeratorRole(null), "role clear", "moderator role cleared", reason, cancellationToken);
        return changed
            ? "Done: there is no moderator role. Members with Manage Server or Administrator can use /mod."
            : "There is no moderator role to clear.";
    }

    /// <summary>Writes an audit line for something that is not a setting (a reload).</summary>
    public async Task RecordAsync(Moderator moderator, string action, string details, string? reason, CancellationToken cancellationToken)
    {
        await store.RecordAsync(Audit(moderator, action, details, reason), cancellationToken);
    }

    public static string ChannelsSummary(GuildModeration settings)
    {
        if (settings.AllowedChannels.Count > 0)
        {
            return $"I answer only in {ChannelGuard.ChannelList(settings.AllowedChannels)}.";
        }

        return settings.DeniedChannels.Count > 0
            ? $"I answer in every channel except {ChannelGuard.ChannelList(settings.DeniedChannels)}."
            : "I answer in every channel.";
    }

    public static string CooldownSummary(int seconds) => seconds == 0
        ? "There is no cooldown: members can ask as often as they like."
        : $"Each member can ask once every {Describe.Seconds(seconds)}.";

    public static string VisibilitySummary(bool privately) => privately
        ? "Answers are private by default: only the member who asked sees them (they can still choose with /ask private:False)."
        : "Answers are public by default (members can still choose with /ask private:True).";

    private async Task<bool> ApplyAsync(Moderator moderator, ModerationChange change, string action, string details, string? reason, CancellationToken cancellationToken)
    {
        var changed = await store.ApplyAsync(change, Audit(moderator, action, details, reason), cancellationToken);
        if (changed)
        {
            state.Invalidate(moderator.GuildId);
            logger.LogInformation("Moderator {ModeratorId} in {GuildId}: {Action} ({Details})", moderator.User.Id, moderator.GuildId, action, details);
        }

        return changed;
    }

    private AuditEntry Audit(Moderator moderator, string action, string details, string? reason) =>
        new(moderator.GuildId, moderator.User.Id, action, details, reason, clock.GetUtcNow());

    private static string Escape(string text) => DiscordMarkdown.Question(text, 200);
}
