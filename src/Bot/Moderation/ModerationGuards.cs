using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>Members a moderator blocked may not use the bot in that server; moderators themselves are never stopped.</summary>
public sealed class BlockedUserGuard(ModerationState state) : IInteractionGuard
{
    public async ValueTask<string?> CheckAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.GuildId is not { } guildId || Moderators.IsModCommand(interaction))
        {
            return null;
        }

        var settings = await state.GetAsync(guildId, cancellationToken);
        var blocked = settings.Blocked.Any(block => block.UserId == interaction.User.Id);
        return blocked && !Moderators.IsModerator(interaction.Member, settings)
            ? "A moderator of this server has blocked you from using the bot here. Ask them if you think this is a mistake."
            : null;
    }
}

/// <summary>
/// Where the bot answers: once a moderator allowed channels, only there; never in a denied one. A thread follows the
/// channel it was started in (allowing #questions allows its threads; denying it denies them), unless it is named
/// itself. The member is told where to ask instead. Channel mentions render as links and ping nobody.
/// </summary>
public sealed class ChannelGuard(ModerationState state) : IInteractionGuard
{
    /// <summary>Channels named in the refusal; more are summarised so the note stays short.</summary>
    private const int NamedChannels = 10;

    public async ValueTask<string?> CheckAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.GuildId is not { } guildId || interaction.ChannelId is not { } channelId || Moderators.IsModCommand(interaction))
        {
            return null;
        }

        var settings = await state.GetAsync(guildId, cancellationToken);
        var parent = interaction.ParentChannelId;
        if (settings.DeniedChannels.Contains(channelId) || (parent is { } denied && settings.DeniedChannels.Contains(denied) && !settings.AllowedChannels.Contains(channelId)))
        {
            return settings.AllowedChannels.Count == 0
                ? "I don't answer in this channel. Please ask in another one."
                : $"I only answer in {ChannelList(settings.AllowedChannels)}.";
        }

        var allowed = settings.AllowedChannels.Contains(channelId) || (parent is { } allowedParent && settings.AllowedChannels.Contains(allowedParent));
        return settings.AllowedChannels.Count > 0 && !allowed
            ? $"I only answer in {ChannelList(settings.AllowedChannels)}."
            : null;
    }

    /// <summary>"&lt;#1&gt;", "&lt;#1&gt; and &lt;#2&gt;", "&lt;#1&gt;, &lt;#2&gt; and &lt;#3&gt;", "… and 4 other channels".</summary>
    internal static string ChannelList(IReadOnlyList<Snowflake> channels)
    {
        var named = channels.Take(NamedChannels).Select(channel => $"<#{channel}>").ToList();
        var others = channels.Count - named.Count;
        if (others > 0)
        {
            return $"{string.Join(", ", named)} and {others} other channel{(others == 1 ? string.Empty : "s")}";
        }

        return named.Count == 1 ? named[0] : $"{string.Join(", ", named[..^1])} and {named[^1]}";
    }
}

/// <summary>
/// The per-member rate limit on asking (/ask and the "Ask the articles" menu): the search is the costly part and
/// the part a member can flood a channel with. Looking things up (/sources, buttons, autocomplete) stays free. Who
/// asked when is kept by <see cref="IAskCooldowns"/>: in memory for SQLite, in the shared database for PostgreSQL.
/// </summary>
public sealed class CooldownGuard(ModerationState state, IAskCooldowns cooldowns, TimeProvider clock) : IInteractionGuard
{
    /// <summary>The commands the cooldown applies to.</summary>
    public static readonly IReadOnlySet<string> Limited = new HashSet<string>(StringComparer.Ordinal) { "ask", "Ask the articles" };

    public async ValueTask<string?> CheckAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.GuildId is not { } guildId
            || interaction.Kind != InteractionKind.ApplicationCommand
            || interaction.CommandName is not { } command
            || !Limited.Contains(command))
        {
            return null;
        }

        var settings = await state.GetAsync(guildId, cancellationToken);
        if (settings.CooldownSeconds <= 0)
        {
            return null;
        }

        var wait = await cooldowns.TryAskAsync(guildId, interaction.User.Id, clock.GetUtcNow(), TimeSpan.FromSeconds(settings.CooldownSeconds), cancellationToken);
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return $"You're asking too quickly: this server allows one question every {Describe.Seconds(settings.CooldownSeconds)}. Try again in {Describe.Seconds(seconds)}.";
    }
}

/// <summary>Replies are private by default in servers whose moderators chose <c>/mod visibility private</c>.</summary>
public sealed class ModeratedReplyPreferences(ModerationState state) : IReplyPreferences
{
    public async ValueTask<bool> PrivateByDefaultAsync(Snowflake? guildId, CancellationToken cancellationToken) =>
        guildId is { } guild && (await state.GetAsync(guild, cancellationToken)).PrivateReplies;
}
