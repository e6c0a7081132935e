using Bot.Discord.Abstractions;
using Bot.Discord.Models;
using Bot.Discord.Rest;

namespace Bot.Discord.Interactions;

/// <summary>
/// How an interaction's one callback reaches Discord: over the gateway, by <c>POST /interactions/{id}/{token}/callback</c>;
/// over the HTTP interactions endpoint, as the body of the response to Discord's request
/// (docs/interactions--receiving-and-responding.mdx, "Interaction Callback" and "Inline HTTP Response Behavior").
/// Everything after it (edits, follow-ups) goes through the webhook routes either way.
/// </summary>
internal interface IInteractionCallback
{
    /// <summary>
    /// Sends the callback; returns once Discord has it. Throws <see cref="DiscordApiException"/> with
    /// <see cref="DiscordApiException.UnknownInteraction"/> when the interaction can no longer be answered, and a
    /// <see cref="DiscordApiException.Withheld"/> one when it could not leave by <paramref name="sendBy"/>.
    /// </summary>
    Task SendAsync(Interaction interaction, InteractionCallbackBody body, DateTimeOffset? sendBy, CancellationToken cancellationToken);
}

/// <summary>The gateway's way: the callback route of the REST API.</summary>
internal sealed class RestInteractionCallback(DiscordRestClient rest) : IInteractionCallback
{
    public Task SendAsync(Interaction interaction, InteractionCallbackBody body, DateTimeOffset? sendBy, CancellationToken cancellationToken) =>
        rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, body, sendBy, cancellationToken);
}
