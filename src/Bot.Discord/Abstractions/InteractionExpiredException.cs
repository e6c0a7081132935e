namespace Bot.Discord.Abstractions;

/// <summary>
/// An answer to an interaction that can no longer land: Discord no longer knows it (JSON error 10062, "Unknown
/// interaction"), because its 3 seconds passed unacknowledged (docs/interactions--receiving-and-responding.mdx).
/// <see cref="IInteractionContext"/> throws it instead of the client's own error type, so a handler can tell "too late"
/// from a failure without depending on the REST layer. No other reply to the interaction can land either.
/// </summary>
public sealed class InteractionExpiredException(string message, Exception? inner = null) : Exception(message, inner);
