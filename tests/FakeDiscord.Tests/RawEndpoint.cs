using System.Net;
using System.Net.Sockets;
using System.Text;
using NSec.Cryptography;

namespace FakeDiscord.Tests;

/// <summary>
/// A bot's interactions endpoint, by hand: an <see cref="HttpListener"/> on a free loopback port that checks each request's
/// signature with the application's public key (docs/interactions--overview.mdx) and answers with <see cref="Answer"/>.
/// </summary>
internal sealed class RawEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly PublicKey _key;
    private readonly Task _loop;

    public RawEndpoint(string publicKeyHex, bool checkSignatures = true)
    {
        _key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(publicKeyHex), KeyBlobFormat.RawPublicKey);
        CheckSignatures = checkSignatures;
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/interactions/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public bool CheckSignatures { get; }

    /// <summary>Status and JSON body for a request whose signature held, given its body.</summary>
    public Func<string, (int Status, string Body)> Answer { get; set; } = _ => (200, """{"type":1}""");

    /// <summary>Whether each request so far carried a valid signature, in order.</summary>
    public List<bool> Verdicts { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(2));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var valid = Verify(context.Request.Headers["X-Signature-Ed25519"], context.Request.Headers["X-Signature-Timestamp"], body);
            lock (Verdicts)
            {
                Verdicts.Add(valid);
            }

            var (status, answer) = valid || !CheckSignatures ? Answer(Encoding.UTF8.GetString(body)) : (401, "invalid request signature");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(answer);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private bool Verify(string? signature, string? timestamp, byte[] body)
    {
        if (signature is null || timestamp is null || signature.Length != 128)
        {
            return false;
        }

        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        return age < TimeSpan.FromMinutes(5) && SignatureAlgorithm.Ed25519.Verify(_key, signed, Convert.FromHexString(signature));
    }
}
