using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace FakeDiscord;

/// <summary>How an HTTP interaction is signed: as Discord signs it, or spoiled the ways Discord's own checks spoil it.</summary>
public enum Signing
{
    /// <summary>Ed25519 over timestamp + body with the application's key, timestamp now.</summary>
    Valid,

    /// <summary>No <c>X-Signature-*</c> headers at all.</summary>
    Missing,

    /// <summary>Signed, then the body changed (one character of it): the signature no longer fits.</summary>
    Tampered,

    /// <summary>Signed with a key that is not the application's.</summary>
    ForeignKey,

    /// <summary>Signed correctly, but with a timestamp ten minutes old: a replayed request.</summary>
    Stale,
}

/// <summary>
/// The application's Ed25519 key pair; the public key is what the developer portal shows and what the bot is configured
/// with (<c>Discord:PublicKey</c>). docs/interactions--overview.mdx, "Validating Security Request Headers".
/// </summary>
internal sealed class InteractionSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key = Key.Create(Ed25519);
    private readonly Key _foreign = Key.Create(Ed25519);

    /// <summary>64 hex digits, as the developer portal shows it.</summary>
    public string PublicKey => Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>The body to send and its <c>X-Signature-Ed25519</c> / <c>X-Signature-Timestamp</c> headers (none for <see cref="Signing.Missing"/>).</summary>
    public (byte[] Body, string? Signature, string? Timestamp) Sign(string json, Signing signing)
    {
        var body = Encoding.UTF8.GetBytes(json);
        if (signing == Signing.Missing)
        {
            return (body, null, null);
        }

        var when = DateTimeOffset.UtcNow - (signing == Signing.Stale ? TimeSpan.FromMinutes(10) : TimeSpan.Zero);
        var timestamp = when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        var signature = Convert.ToHexStringLower(Ed25519.Sign(signing == Signing.ForeignKey ? _foreign : _key, signed));
        if (signing == Signing.Tampered)
        {
            // A different question, same length: what a forger would send.
            var at = Array.LastIndexOf(body, (byte)'?') is var mark and > 0 ? mark : body.Length / 2;
            body[at] = body[at] == (byte)'!' ? (byte)'?' : (byte)'!';
        }

        return (body, signature, timestamp);
    }

    public void Dispose()
    {
        _key.Dispose();
        _foreign.Dispose();
    }
}
