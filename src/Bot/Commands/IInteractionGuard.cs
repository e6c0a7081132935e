using Bot.Discord.Abstractions;

namespace Bot.Commands;

/// <summary>
/// A check that runs before any command or button: where the bot answers, who may use it, how often.
/// Returns the short private note to show when the interaction is refused, or null to let it through.
/// </summary>
public interface IInteractionGuard
{
    ValueTask<string?> CheckAsync(Interaction interaction, CancellationToken cancellationToken);
}

/// <summary>Server-wide reply preferences that commands consult (the moderators' visibility setting).</summary>
public interface IReplyPreferences
{
    /// <summary>Whether replies in this server are private unless the member asks otherwise.</summary>
    ValueTask<bool> PrivateByDefaultAsync(Snowflake? guildId, CancellationToken cancellationToken);
}

/// <summary>Replies are public unless a command or a moderator says otherwise.</summary>
public sealed class PublicReplies : IReplyPreferences
{
    public ValueTask<bool> PrivateByDefaultAsync(Snowflake? guildId, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
