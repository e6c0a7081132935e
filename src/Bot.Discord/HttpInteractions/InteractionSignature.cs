using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace Bot.Discord.HttpInteractions;

/// <summary>Why a request to the interactions endpoint was refused, for the log line (never shown to the sender).</summary>
internal enum SignatureVerdict
{
    Valid,
    Missing,
    Malformed,
    Stale,
    Invalid,
}

/// <summary>
/// Checks that a request really comes from Discord: <c>X-Signature-Ed25519</c> (hex) must be the Ed25519 signature of
/// <c>X-Signature-Timestamp</c> followed by the raw body, under the application's public key
/// (docs/interactions--overview.mdx, "Validating Security Request Headers"). A timestamp further than
/// <c>maxAge</c> from now is refused too, so a captured request cannot be replayed later.
/// </summary>
internal sealed class InteractionSignature
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly PublicKey key;
    private readonly TimeProvider time;
    private readonly TimeSpan maxAge;

    public InteractionSignature(string publicKeyHex, TimeProvider time, TimeSpan maxAge)
    {
        key = PublicKey.Import(Ed25519, Convert.FromHexString(publicKeyHex.Trim()), KeyBlobFormat.RawPublicKey);
        this.time = time;
        this.maxAge = maxAge;
    }

    public SignatureVerdict Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp))
        {
            return SignatureVerdict.Missing;
        }

        if (signatureHex.Length != Ed25519.SignatureSize * 2 || !signatureHex.All(char.IsAsciiHexDigit)
            || timestamp.Length > 20 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureVerdict.Malformed;
        }

        var signature = Convert.FromHexString(signatureHex);
        var signed = new byte[Encoding.ASCII.GetByteCount(timestamp) + body.Length];
        var written = Encoding.ASCII.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(written));
        if (!Ed25519.Verify(key, signed, signature))
        {
            return SignatureVerdict.Invalid;
        }

        // Checked after the signature, so the verdict tells a stale genuine request from a forged one.
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        return age.Duration() > maxAge ? SignatureVerdict.Stale : SignatureVerdict.Valid;
    }
}
