using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

/// <summary>What a bot does on the wire, by hand: an HttpClient with Discord's headers and a raw ClientWebSocket.</summary>
internal sealed class RawBot : IAsyncDisposable
{
    private readonly FakeDiscordServer _discord;

    public RawBot(FakeDiscordServer discord, string? token = null)
    {
        _discord = discord;
        Http = new HttpClient { BaseAddress = new Uri(discord.ApiBaseUrl + "/") };
        Http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://example.invalid, 1.0)");
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", token ?? discord.Options.Token);
    }

    public HttpClient Http { get; }

    public ClientWebSocket? Socket { get; private set; }

    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, JsonNode body) =>
        Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });

    public Task<HttpResponseMessage> CallbackAsync(InteractionHandle interaction, JsonNode body) =>
        SendJsonAsync(HttpMethod.Post, $"interactions/{interaction.Id}/{interaction.Token}/callback", body);

    public async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async Task ConnectAsync(string? url = null, string query = "?v=10&encoding=json")
    {
        Socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Socket.ConnectAsync(new Uri((url ?? _discord.GatewayUrl) + "/" + query), timeout.Token);
    }

    /// <summary>Connects, reads HELLO, identifies (as <paramref name="shard"/> <c>[id, count]</c> when given) and reads the answer.</summary>
    public async Task<JsonObject> IdentifyAsync(int[]? shard = null)
    {
        await ConnectAsync();
        await ReceiveAsync();
        await SendAsync(Identify(_discord.Options.Token, shard: shard));
        return await ReceiveAsync();
    }

    public static JsonObject Identify(string token, long intents = 0, int[]? shard = null)
    {
        var data = new JsonObject
        {
            ["token"] = token,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "raw-bot", ["device"] = "raw-bot" },
        };
        if (shard is not null)
        {
            data["shard"] = new JsonArray([.. shard.Select(n => (JsonNode)n)]);
        }

        return new JsonObject { ["op"] = 2, ["d"] = data };
    }

    public async Task SendAsync(JsonNode payload) =>
        await Socket!.SendAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next text payload; throws on close or after the timeout.</summary>
    public async Task<JsonObject> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[64 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await Socket!.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancel.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new WebSocketException($"closed {(int?)result.CloseStatus} {result.CloseStatusDescription}");
        }

        return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsObject();
    }

    /// <summary>Reads until the server closes, skipping payloads, and returns the close code.</summary>
    public async Task<int?> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await Socket!.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (int?)result.CloseStatus;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Socket is { State: WebSocketState.Open })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The emulator may already be gone; nothing to clean up.
            }
        }

        Socket?.Dispose();
    }
}
