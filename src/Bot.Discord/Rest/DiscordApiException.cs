using System.Net;

namespace Bot.Discord.Rest;

/// <summary>
/// The one error type of the Discord client: a REST call Discord refused or could not answer.
/// <see cref="IsFatal"/> tells a caller whether trying again can help (docs/reference.mdx, "HTTP Response Codes").
/// The message names the route template (never the token, never an interaction token).
/// </summary>
public sealed class DiscordApiException : Exception
{
    /// <summary>JSON error 10062 "Unknown interaction" (docs/topics--opcodes-and-status-codes.mdx): on a callback, its 3 seconds are over.</summary>
    public const int UnknownInteraction = 10062;

    public DiscordApiException(string route, HttpStatusCode? status, int? code, string discordMessage, IReadOnlyList<string> errors, Exception? inner = null)
        : base(Describe(route, status, code, discordMessage, errors), inner)
    {
        Route = route;
        Status = status;
        Code = code;
        DiscordMessage = discordMessage;
        Errors = errors;
    }

    private DiscordApiException(string route, string reason)
        : base($"Not sent: {route} ({reason})")
    {
        Route = route;
        Code = UnknownInteraction;
        DiscordMessage = reason;
        Errors = [];
        Withheld = true;
    }

    /// <summary>The route template, e.g. <c>POST /interactions/{id}/{token}/callback</c>.</summary>
    public string Route { get; }

    /// <summary>The HTTP status; <c>null</c> when Discord could not be reached.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>Discord's JSON error code (docs/topics--opcodes-and-status-codes.mdx, "JSON Error Codes"), e.g. 50035.</summary>
    public int? Code { get; }

    public string DiscordMessage { get; }

    /// <summary>The flattened <c>errors</c> tree of a 50035 answer, e.g. <c>embeds.0.description: Must be 4096 or fewer in length.</c></summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>
    /// True when the client never sent the request: an interaction callback that could not leave before the interaction's
    /// deadline (waiting for a connection or a rate limit). It carries <see cref="UnknownInteraction"/>, since Discord
    /// would have answered it so, and everything that gives up on an expired interaction gives up on this one alike.
    /// </summary>
    public bool Withheld { get; }

    /// <summary>
    /// True when repeating the same request cannot succeed: 4xx answers other than 429 (bad token, missing
    /// access, unknown resource, invalid body). False for 429, 5xx and unreachable networks.
    /// </summary>
    public bool IsFatal => Status is { } status && (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests;

    /// <summary>A callback the client did not send because the interaction's deadline passed first; see <see cref="Withheld"/>.</summary>
    public static DiscordApiException NotSent(string route, string reason) => new(route, reason);

    private static string Describe(string route, HttpStatusCode? status, int? code, string message, IReadOnlyList<string> errors)
    {
        var head = status is { } s
            ? $"Discord answered {(int)s} {s} to {route}"
            : $"Discord could not be reached for {route}";
        var detail = code is { } c ? $" (code {c}: {message})" : string.IsNullOrEmpty(message) ? "" : $" ({message})";
        var tree = errors.Count == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, errors);
        return head + detail + tree;
    }
}
