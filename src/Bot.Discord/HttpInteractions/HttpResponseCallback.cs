using Bot.Discord.Abstractions;
using Bot.Discord.Interactions;
using Bot.Discord.Models;
using Bot.Discord.Rest;

namespace Bot.Discord.HttpInteractions;

/// <summary>
/// The callback of an interaction that came over HTTP: handed to the endpoint, which writes it as the body of its
/// response to Discord's request; <see cref="SendAsync"/> returns once it was written, so an edit of
/// <c>@original</c> cannot overtake the deferral it edits.
/// </summary>
internal sealed class HttpResponseCallback : IInteractionCallback
{
    private readonly TaskCompletionSource<InteractionCallbackBody> body = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the callback once the handler (or the automatic deferral) answered.</summary>
    public Task<InteractionCallbackBody> Body => body.Task;

    /// <remarks>
    /// <paramref name="sendBy"/> is not needed here: the answer takes no REST connection, it goes back on Discord's own
    /// request, and the endpoint ends that request (<see cref="OnGone"/>) when Discord's 3 seconds are over.
    /// </remarks>
    public async Task SendAsync(Interaction interaction, InteractionCallbackBody callback, DateTimeOffset? sendBy, CancellationToken cancellationToken)
    {
        if (!body.TrySetResult(callback))
        {
            throw new InvalidOperationException($"Interaction {interaction.Id} already has its HTTP response.");
        }

        await written.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void OnWritten() => written.TrySetResult();

    /// <summary>
    /// Discord's request ended before the answer could go back (its 3 s ran out, or the connection dropped): as over the
    /// gateway, the interaction is unknown from now on.
    /// </summary>
    public void OnGone(string reason) =>
        written.TrySetException(new DiscordApiException("HTTP interaction response", System.Net.HttpStatusCode.NotFound, DiscordApiException.UnknownInteraction, reason, []));
}
