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

    private readonly string baseUrl = options.Value.ApiBaseUrl.TrimEnd('/');
    private readonly string token = options.Value.Token;

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
    /// global limit (docs/interactions--receiving-and-responding.mdx, docs/topics--rate-limits.mdx).
    /// </summary>
    public Task CreateInteractionResponseAsync(Snowflake interaction, string interactionToken, InteractionCallbackBody body, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(
            new RestRoute(HttpMethod.Post, "/interactions/{id}/{token}/callback", $"/interactions/{interaction}/{Escape(interactionToken)}/callback", interaction.ToString(), Authorized: false, CountsTowardGlobal: false),
            JsonSerializer.SerializeToUtf8Bytes(body, DiscordJsonContext.Default.InteractionCallbackBody),
            null,
            cancellationToken);

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

    private async Task<T> SendAsync<T>(RestRoute route, byte[]? body, JsonTypeInfo<T>? answerType, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            using (await limiter.AcquireAsync(route, cancellationToken).ConfigureAwait(false))
            {
                using var request = CreateRequest(route, body);
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Unreachable or timed out: repeat only what cannot take effect twice.
                    if (route.IsIdempotent && attempt < MaxAttempts)
                    {
                        logger.LogWarning("Discord unreachable for {Route} (attempt {Attempt} of {MaxAttempts}): {Reason}", route, attempt, MaxAttempts, exception.Message);
                        await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw new DiscordApiException(route.ToString(), null, null, exception.Message, [], exception);
                }

                limiter.Update(route, response);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return await ReadAnswerAsync(response, answerType, cancellationToken).ConfigureAwait(false);
                }

                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
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

    private static async Task<T> ReadAnswerAsync<T>(HttpResponseMessage response, JsonTypeInfo<T>? answerType, CancellationToken cancellationToken)
    {
        if (answerType is null || response.StatusCode == HttpStatusCode.NoContent)
        {
            return default!;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, answerType, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"Discord answered null where a {typeof(T).Name} was expected.");
    }

    private static async Task<DiscordErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize(text, DiscordJsonContext.Default.DiscordErrorBody);
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
}
