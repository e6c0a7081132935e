using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Rest;

/// <summary>
/// The REST endpoints the bot uses, over an injected <see cref="HttpClient"/> (a typed client).
/// Every call goes through <see cref="RestRateLimiter"/>; 429 answers are waited out and repeated, server
/// errors on idempotent calls are repeated with backoff, a bounded number of times; anything else becomes
/// a <see cref="DiscordApiException"/>. See docs/reference.mdx and docs/topics--rate-limits.mdx.
/// </summary>
internal sealed class DiscordRestClient(
    HttpClient http,
    IOptions<DiscordOptions> options,
    RestRateLimiter limiter,
    TimeProvider time,
    ILogger<DiscordRestClient> logger)
{
    /// <summary>docs/reference.mdx, "User Agent": <c>DiscordBot ($url, $versionNumber)</c> is required.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/article-qa-bot/article-qa-bot, 1.0.0)";

    /// <summary>One try and three repeats: enough to ride out a rate limit or a blip, never a flood.</summary>
    public const int MaxAttempts = 4;

    /// <summary>
    /// The most of an answer the client reads. The largest answer it asks for is the list of the bot's commands, and
    /// Discord caps a command at 8,000 characters (docs/interactions--application-commands.mdx, "Registering a
    /// Command"): even 110 commands at four UTF-8 bytes a character stay under 4 MB. A longer body is not Discord
    /// speaking (a proxy's page, a stream that never ends); reading an endless one grew the bot to 4 GB (issue 19).
    /// </summary>
    public const int MaxAnswerBytes = 8 * 1024 * 1024;

    /// <summary>
    /// A whole answer, body included, must arrive within this. The HttpClient's own timeout ends with the headers once
    /// the client reads the body itself, and a body that trickles would otherwise hold a connection, or the start, for ever.
    /// </summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly string baseUrl = options.Value.ApiBaseUrl.TrimEnd('/');
    private readonly string token = options.Value.Token;

    /// <summary>
    /// Requests in flight, at most as many as the handler keeps connections (<see cref="DiscordOptions.MaxRestConnections"/>).
    /// A request waits here rather than in the handler's own queue, because here a callback can still give up when its
    /// interaction's deadline passes; from the handler's queue it would leave whenever a connection freed, however late.
    /// </summary>
    private readonly SemaphoreSlim connections = new(options.Value.MaxRestConnections, options.Value.MaxRestConnections);

    /// <summary><c>GET /gateway/bot</c>: the websocket URL. docs/events--gateway.mdx, "Get Gateway Bot".</summary>
    public Task<GatewayBotResponse> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(new RestRoute(HttpMethod.Get, "/gateway/bot", "/gateway/bot", ""), null, DiscordJsonContext.Default.GatewayBotResponse, cancellationToken);

    /// <summary><c>GET /applications/@me</c>: the application id and its public key, for the HTTP interactions endpoint.</summary>
    public Task<ApplicationPayload> GetCurrentApplicationAsync(CancellationToken cancellationToken) =>
        SendAsync(new RestRoute(HttpMethod.Get, "/applications/@me", "/applications/@me", ""), null, DiscordJsonContext.Default.ApplicationPayload, cancellationToken);

    /// <summary><c>GET</c> the global or guild commands. docs/interactions--application-commands.mdx.</summary>
    public Task<List<ApplicationCommandPayload>> GetCommandsAsync(Snowflake application, Snowflake? guild, CancellationToken cancellationToken) =>
        SendAsync(CommandsRoute(HttpMethod.Get, application, guild), null, DiscordJsonContext.Default.ListApplicationCommandPayload, cancellationToken);

    /// <summary><c>PUT</c> (bulk overwrite) the global or guild commands; commands left out are deleted.</summary>
    public Task<List<ApplicationCommandPayload>> OverwriteCommandsAsync(Snowflake application, Snowflake? guild, List<ApplicationCommandPayload> commands, CancellationToken cancellationToken) =>
        SendAsync(
            CommandsRoute(HttpMethod.Put, application, guild),
            JsonSerializer.SerializeToUtf8Bytes(commands, DiscordJsonContext.Default.ListApplicationCommandPayload),
            DiscordJsonContext.Default.ListApplicationCommandPayload,
            cancellationToken);

    /// <summary>
    /// <c>POST /interactions/{id}/{token}/callback</c>: authorised by the interaction token, exempt from the
    /// global limit (docs/interactions--receiving-and-responding.mdx, docs/topics--rate-limits.mdx). When it cannot
    /// leave by <paramref name="sendBy"/> (no free connection, a rate limit) it is not sent at all: the
    /// <see cref="DiscordApiException"/> is <see cref="DiscordApiException.Withheld"/>.
    /// </summary>
    public Task CreateInteractionResponseAsync(Snowflake interaction, string interactionToken, InteractionCallbackBody body, DateTimeOffset? sendBy, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(
            new RestRoute(HttpMethod.Post, "/interactions/{id}/{token}/callback", $"/interactions/{interaction}/{Escape(interactionToken)}/callback", interaction.ToString(), Authorized: false, CountsTowardGlobal: false),
            JsonSerializer.SerializeToUtf8Bytes(body, DiscordJsonContext.Default.InteractionCallbackBody),
            null,
            cancellationToken,
            sendBy);

    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/@original</c>: edits the first answer (after a deferral).</summary>
    public Task EditOriginalAsync(Snowflake application, string interactionToken, MessageBody body, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(
            WebhookRoute(HttpMethod.Patch, "/messages/@original", application, interactionToken),
            JsonSerializer.SerializeToUtf8Bytes(body, DiscordJsonContext.Default.MessageBody),
            null,
            cancellationToken);

    /// <summary><c>DELETE /webhooks/{app}/{token}/messages/@original</c>.</summary>
    public Task DeleteOriginalAsync(Snowflake application, string interactionToken, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(WebhookRoute(HttpMethod.Delete, "/messages/@original", application, interactionToken), null, null, cancellationToken);

    /// <summary><c>POST /webhooks/{app}/{token}</c>: a follow-up message (docs/resources--webhook.mdx, "Execute Webhook").</summary>
    public Task CreateFollowUpAsync(Snowflake application, string interactionToken, MessageBody body, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(
            WebhookRoute(HttpMethod.Post, "", application, interactionToken),
            JsonSerializer.SerializeToUtf8Bytes(body, DiscordJsonContext.Default.MessageBody),
            null,
            cancellationToken);

    private static RestRoute CommandsRoute(HttpMethod method, Snowflake application, Snowflake? guild) => guild is { } g
        ? new RestRoute(method, "/applications/{app}/guilds/{guild}/commands", $"/applications/{application}/guilds/{g}/commands", $"{application}/{g}")
        : new RestRoute(method, "/applications/{app}/commands", $"/applications/{application}/commands", application.ToString());

    /// <summary>Webhook routes are authorised by the token in the path; its bucket is per webhook id and token.</summary>
    private static RestRoute WebhookRoute(HttpMethod method, string suffix, Snowflake application, string interactionToken) =>
        new(method, "/webhooks/{app}/{token}" + suffix, $"/webhooks/{application}/{Escape(interactionToken)}{suffix}", $"{application}/{interactionToken}", Authorized: false);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<T> SendAsync<T>(RestRoute route, byte[]? body, JsonTypeInfo<T>? answerType, CancellationToken cancellationToken, DateTimeOffset? sendBy = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            var content = Array.Empty<byte>();
            Exception? unreachable = null;
            using (await WaitForTurnAsync(route, sendBy, cancellationToken).ConfigureAwait(false))
            {
                using var request = CreateRequest(route, body);
                try
                {
                    (response, content) = await ExchangeAsync(request, route, cancellationToken).ConfigureAwait(false);
                    limiter.Update(route, response);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    unreachable = exception;
                }
            }

            if (unreachable is not null || response is null)
            {
                // Unreachable, cut off or timed out: repeat only what cannot take effect twice, after giving the connection back.
                var reason = unreachable?.Message ?? "no answer";
                if (route.IsIdempotent && attempt < MaxAttempts)
                {
                    logger.LogWarning("Discord unreachable for {Route} (attempt {Attempt} of {MaxAttempts}): {Reason}", route, attempt, MaxAttempts, reason);
                    await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new DiscordApiException(route.ToString(), null, null, reason, [], unreachable);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return ReadAnswer(route, response, content, answerType);
                }

                var error = ReadError(content);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    var (retryAfter, global) = RetryAfter(response, error);
                    logger.LogWarning(
                        "Rate limited on {Route} for {RetryAfterMs} ms (scope {Scope}, attempt {Attempt} of {MaxAttempts})",
                        route, (int)retryAfter.TotalMilliseconds, global ? "global" : Header(response, "X-RateLimit-Scope") ?? "user", attempt, MaxAttempts);
                    limiter.RecordTooManyRequests(route, retryAfter, global);
                    continue;
                }

                if ((int)response.StatusCode >= 500 && route.IsIdempotent && attempt < MaxAttempts)
                {
                    logger.LogWarning("Discord answered {Status} to {Route} (attempt {Attempt} of {MaxAttempts})", (int)response.StatusCode, route, attempt, MaxAttempts);
                    await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new DiscordApiException(
                    route.ToString(),
                    response.StatusCode,
                    error?.Code,
                    error?.Message ?? response.ReasonPhrase ?? "",
                    DiscordErrors.Flatten(error?.Errors));
            }
        }
    }

    /// <summary>
    /// Waits for the route's rate limit, then for one of the <see cref="connections"/>. With <paramref name="sendBy"/>
    /// (an interaction callback) the wait ends there: the request is not sent, since it would arrive too late.
    /// </summary>
    private async Task<IDisposable> WaitForTurnAsync(RestRoute route, DateTimeOffset? sendBy, CancellationToken cancellationToken)
    {
        var left = sendBy - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            throw DiscordApiException.NotSent(route.ToString(), "the interaction's deadline had passed before it could be sent");
        }

        using var deadline = left is { } wait ? new CancellationTokenSource(wait, time) : null;
        using var waiting = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = waiting?.Token ?? cancellationToken;
        IDisposable? lease = null;
        try
        {
            lease = await limiter.AcquireAsync(route, token).ConfigureAwait(false);
            await connections.WaitAsync(token).ConfigureAwait(false);
            return new Turn(lease, connections);
        }
        catch (OperationCanceledException) when (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            lease?.Dispose();
            throw DiscordApiException.NotSent(
                route.ToString(),
                $"the interaction's deadline passed while it waited for {(lease is null ? "its rate limit" : "a free connection")}");
        }
        catch
        {
            lease?.Dispose();
            throw;
        }
    }

    /// <summary>Sends the request and reads the whole answer, at most <see cref="MaxAnswerBytes"/> of it, within <see cref="AnswerTimeout"/>.</summary>
    private async Task<(HttpResponseMessage Response, byte[] Content)> ExchangeAsync(HttpRequestMessage request, RestRoute route, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentLength > MaxAnswerBytes)
            {
                throw TooLong(route, response);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxAnswerBytes)
                {
                    throw TooLong(route, response);
                }

                buffer.Write(chunk, 0, read);
            }

            return (response, buffer.ToArray());
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static DiscordApiException TooLong(RestRoute route, HttpResponseMessage response) => new(
        route.ToString(),
        response.StatusCode,
        null,
        $"the answer is longer than {MaxAnswerBytes / (1024 * 1024)} MB, which Discord never sends, so something else may be answering at this address",
        []);

    private HttpRequestMessage CreateRequest(RestRoute route, byte[]? body)
    {
        var request = new HttpRequestMessage(route.Method, baseUrl + route.Path);
        // A constant known to be valid: parsing it into product tokens on every request is wasted work.
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (route.Authorized)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    private static T ReadAnswer<T>(RestRoute route, HttpResponseMessage response, byte[] content, JsonTypeInfo<T>? answerType)
    {
        if (answerType is null || response.StatusCode == HttpStatusCode.NoContent)
        {
            return default!;
        }

        try
        {
            return JsonSerializer.Deserialize(content, answerType)
                ?? throw new JsonException($"null where a {typeof(T).Name} was expected");
        }
        catch (JsonException exception)
        {
            // Left as a JsonException it escaped every caller's handling; at start it hung the bot (issue 19).
            throw new DiscordApiException(
                route.ToString(),
                response.StatusCode,
                null,
                $"the answer ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}) is not the JSON Discord sends, so something else may be answering at this address: {exception.Message}",
                [],
                exception);
        }
    }

    private static DiscordErrorBody? ReadError(byte[] content)
    {
        try
        {
            return content.Length == 0 ? null : JsonSerializer.Deserialize(content, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            // A proxy in front of Discord (Cloudflare) may answer HTML; the status alone then tells the story.
            return null;
        }
    }

    /// <summary>
    /// The wait after a 429: <c>retry_after</c> from the body (seconds, with decimals), else the <c>Retry-After</c>
    /// header; global when <c>X-RateLimit-Global</c>, the body's <c>global</c> or <c>X-RateLimit-Scope: global</c> says so.
    /// </summary>
    private static (TimeSpan RetryAfter, bool Global) RetryAfter(HttpResponseMessage response, DiscordErrorBody? error)
    {
        var seconds = error?.RetryAfter
            ?? (double.TryParse(Header(response, "Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var header) ? header : 1);
        var global = error?.Global == true
            || string.Equals(Header(response, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Header(response, "X-RateLimit-Scope"), "global", StringComparison.OrdinalIgnoreCase);
        return (TimeSpan.FromSeconds(Math.Max(seconds, 0)), global);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), 8));

    /// <summary>A request's turn: its rate-limit lease and one of the connections, both given back together.</summary>
    private sealed class Turn(IDisposable lease, SemaphoreSlim connections) : IDisposable
    {
        public void Dispose()
        {
            connections.Release();
            lease.Dispose();
        }
    }
}
