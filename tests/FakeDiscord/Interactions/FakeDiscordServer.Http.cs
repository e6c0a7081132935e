using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>What the bot's interactions endpoint answered to one request.</summary>
public sealed record EndpointResponse(int Status, string Body);

/// <summary>
/// The HTTP way of delivering interactions (docs/interactions--overview.mdx, "Configuring an Interactions Endpoint URL"):
/// once <see cref="InteractionsEndpoint"/> is set, as in the developer portal, each interaction is POSTed there signed
/// with the application's Ed25519 key, and the bot's answer is read from the HTTP response (or, after a 202, from the
/// callback route) and held to the same rules as a callback.
/// </summary>
public sealed partial class FakeDiscordServer
{
    private readonly InteractionSigner _signer = new();

    // Discord gives an endpoint 3 s; a little more here, so a late answer is reported as late rather than as a timeout.
    private readonly HttpClient _endpointClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The application's public key (64 hex digits): give it to the bot as <c>Discord:PublicKey</c>.</summary>
    public string PublicKey => _signer.PublicKey;

    /// <summary>The bot's interactions endpoint; while set, interactions go there instead of over the gateway.</summary>
    public Uri? InteractionsEndpoint { get; set; }

    /// <summary>How the next HTTP interactions are signed; anything but <see cref="Signing.Valid"/> should get 401.</summary>
    public Signing HttpSigning { get; set; } = Signing.Valid;

    /// <summary>The PING Discord sends when the endpoint URL is saved (and now and then): the bot should answer <c>{"type":1}</c>.</summary>
    public async Task<EndpointResponse> PingAsync(Signing signing = Signing.Valid, CancellationToken cancellationToken = default)
    {
        var endpoint = InteractionsEndpoint ?? throw new InvalidOperationException("Set InteractionsEndpoint first.");
        var payload = new JsonObject
        {
            ["id"] = Id(Snowflakes.Next()),
            ["application_id"] = Id(Options.ApplicationId),
            ["type"] = 1,
            ["token"] = NewInteractionToken(),
            ["version"] = 1,
        };
        using var response = await PostSignedAsync(endpoint, payload, signing, cancellationToken);
        return new EndpointResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static string NewInteractionToken() =>
        "aW50ZXJhY3Rpb246" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private async Task<HttpResponseMessage> PostSignedAsync(Uri endpoint, JsonObject payload, Signing signing, CancellationToken cancellationToken)
    {
        var (body, signature, timestamp) = _signer.Sign(payload.ToJsonString(), signing);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
            request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        }

        return await _endpointClient.SendAsync(request, cancellationToken);
    }

    /// <summary>POSTs one interaction and reads the bot's answer; what Discord would refuse is recorded as a violation.</summary>
    private async Task DeliverOverHttpAsync(Uri endpoint, InteractionState state, JsonObject payload, Signing signing)
    {
        var status = 0;
        state.MarkSending();
        state.MarkDispatched();
        try
        {
            using var response = await PostSignedAsync(endpoint, payload, signing, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync();
            var receivedAt = DateTimeOffset.UtcNow;
            status = (int)response.StatusCode;
            if (signing != Signing.Valid)
            {
                if (status != 401)
                {
                    _violations.Add($"the interactions endpoint answered {status}, not 401, to interaction {state.Id} signed {signing}");
                }
            }
            else if (status == 200)
            {
                _rest.AcceptInlineResponse(state, text, receivedAt);
            }
            else if (status != 202)
            {
                // 202 with no body: the bot answered through the callback route instead (docs: "Interaction Callback").
                _violations.Add($"the interactions endpoint answered {status} to interaction {state.Id}, correctly signed");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _violations.Add($"the interactions endpoint did not answer interaction {state.Id}: {ex.Message}");
        }
        finally
        {
            state.HttpAnswered.TrySetResult(status);
        }
    }
}
