namespace Bot.Discord.Configuration;

/// <summary>
/// The <c>Discord:Http</c> section: where the HTTP interactions endpoint listens in http mode. Discord wants an https
/// URL; TLS ends at the load balancer or proxy in front, which forwards to this plain-http address.
/// </summary>
public sealed record DiscordHttpOptions
{
    /// <summary>Where to listen, with the path Discord POSTs to: <c>http://0.0.0.0:8080/interactions</c> for every interface.</summary>
    public string Url { get; init; } = "http://127.0.0.1:8080/interactions";

    /// <summary>
    /// A request whose <c>X-Signature-Timestamp</c> is further than this from now is refused: a captured request cannot be
    /// replayed later, though its signature stays valid.
    /// </summary>
    public TimeSpan MaxTimestampAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Bodies past this size are refused before they are read; an interaction is a few KB.</summary>
    public int MaxBodyBytes { get; init; } = 256 * 1024;

    /// <summary>Whether <paramref name="key"/> is an Ed25519 public key written as 64 hex digits.</summary>
    public static bool IsPublicKey(string? key) =>
        key?.Trim() is { Length: 64 } hex && hex.All(char.IsAsciiHexDigit);

    internal IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !string.IsNullOrEmpty(uri.Query))
        {
            yield return $"Discord:Http:Url must be an http URL such as http://0.0.0.0:8080/interactions (it is \"{Url}\"); TLS ends in front of the bot.";
        }

        if (MaxTimestampAge <= TimeSpan.Zero || MaxTimestampAge > TimeSpan.FromHours(1))
        {
            yield return "Discord:Http:MaxTimestampAge must be between 0 and 1 hour.";
        }

        if (MaxBodyBytes is < 4096 or > 16 * 1024 * 1024)
        {
            yield return "Discord:Http:MaxBodyBytes must be between 4096 and 16777216.";
        }
    }
}
