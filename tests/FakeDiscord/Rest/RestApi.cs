using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>The REST routes a slash-command bot uses, answered as Discord v10 does (docs/reference.mdx and the docs named per route).</summary>
internal sealed class RestApi
{
    private const string Prefix = "/api/v10";
    private readonly FakeDiscordServer _server;
    private readonly FakeDiscordOptions _options;
    private readonly RestRouter _router = new();

    public RestApi(FakeDiscordServer server)
    {
        _server = server;
        _options = server.Options;
        Schemas = new SchemaSample(_options.SchemaValidationEvery);
        _router.Map("GET", "/gateway", RouteAuth.None, GetGatewayAsync);
        _router.Map("GET", "/gateway/bot", RouteAuth.Bot, GetGatewayBotAsync);
        _router.Map("GET", "/applications/@me", RouteAuth.Bot, r => WriteAsync(r, Application()));
        _router.Map("GET", "/users/@me", RouteAuth.Bot, r => WriteAsync(r, FakeDiscordServer.BotUser(_options)));
        _router.Map("GET", "/applications/{application_id}/commands", RouteAuth.Bot, r => ListCommandsAsync(r, guild: false));
        _router.Map("PUT", "/applications/{application_id}/commands", RouteAuth.Bot, r => OverwriteCommandsAsync(r, guild: false));
        _router.Map("GET", "/applications/{application_id}/guilds/{guild_id}/commands", RouteAuth.Bot, r => ListCommandsAsync(r, guild: true));
        _router.Map("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", RouteAuth.Bot, r => OverwriteCommandsAsync(r, guild: true));
        _router.Map("POST", "/interactions/{interaction_id}/{interaction_token}/callback", RouteAuth.None, CallbackAsync);
        _router.Map("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", RouteAuth.None, GetOriginalAsync);
        _router.Map("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", RouteAuth.None, EditOriginalAsync);
        _router.Map("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", RouteAuth.None, DeleteOriginalAsync);
        _router.Map("POST", "/webhooks/{webhook_id}/{webhook_token}", RouteAuth.None, FollowupAsync);
        _router.Map("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", RouteAuth.None, r => ByMessageIdAsync(r, GetOriginalAsync));
        _router.Map("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", RouteAuth.None, r => ByMessageIdAsync(r, EditOriginalAsync));
        _router.Map("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", RouteAuth.None, r => ByMessageIdAsync(r, DeleteOriginalAsync));
    }

    /// <summary>The path's segments after <c>/api/v10</c>, as route patterns match them.</summary>
    public static string[] RouteSegments(string path) =>
        (path.StartsWith(Prefix + "/", StringComparison.Ordinal) ? path[Prefix.Length..] : path).Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>How many bodies went through the OpenAPI schema and how many were left to the sample.</summary>
    public SchemaSample Schemas { get; }

    public async Task HandleAsync(HttpContext context, string path, string body)
    {
        var method = context.Request.Method;
        if (!path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            await RejectAsync(context, $"{method} {path}", 404, 0, "404: Not Found", "not under /api/v10 (the bot must use API v10)");
            return;
        }

        var (route, match, pathExists) = _router.Find(method, path[Prefix.Length..]);
        if (route is null || match is null)
        {
            await (pathExists
                ? RejectAsync(context, $"{method} {path}", 405, 0, "405: Method Not Allowed", "method not allowed on this route")
                : RejectAsync(context, $"{method} {path}", 404, 0, "404: Not Found", "no such route in the emulator"));
            return;
        }

        var what = $"{method} {route.Template}";

        // "Clients must send a valid User-Agent … DiscordBot ($url, $versionNumber)" (docs/reference.mdx, "User Agent").
        if (!context.Request.Headers.UserAgent.ToString().StartsWith("DiscordBot", StringComparison.Ordinal))
        {
            await RejectAsync(context, what, 403, 40333, "internal network error", $"User-Agent \"{context.Request.Headers.UserAgent}\" does not start with DiscordBot");
            return;
        }

        if (route.Auth == RouteAuth.Bot && context.Request.Headers.Authorization.ToString() != "Bot " + _options.Token)
        {
            var sent = context.Request.Headers.Authorization.ToString();
            var detail = sent.Length == 0 ? "no Authorization header" : sent.StartsWith("Bot ", StringComparison.Ordinal) ? "wrong bot token" : "Authorization is not \"Bot <token>\"";
            await RejectAsync(context, what, 401, 0, "401: Unauthorized", detail);
            return;
        }

        // Interaction endpoints are not bound to the global limit (docs/topics--rate-limits.mdx, "Global Rate Limit").
        if (!await _server.RateLimits.AdmitAsync(context, match, countsTowardsGlobal: route.Auth == RouteAuth.Bot))
        {
            return;
        }

        await route.Handler(new RestRequest(context, match, body));
    }

    private Task GetGatewayAsync(RestRequest request) => WriteAsync(request, new JsonObject { ["url"] = _server.GatewayUrl });

    /// <summary>docs/events--gateway.mdx, "Get Gateway Bot".</summary>
    private Task GetGatewayBotAsync(RestRequest request) => WriteAsync(request, new JsonObject
    {
        ["url"] = _server.GatewayUrl,
        ["shards"] = _options.Shards,
        ["session_start_limit"] = new JsonObject
        {
            ["total"] = 1000,
            ["remaining"] = Math.Max(0, 1000 - _server.Gateway.IdentifyCount),
            ["reset_after"] = 86_400_000,
            ["max_concurrency"] = _options.MaxConcurrency,
        },
    });

    private JsonObject Application() => new()
    {
        ["id"] = Id(_options.ApplicationId),
        ["name"] = _options.BotUsername,
        ["icon"] = null,
        ["description"] = "",
        ["bot_public"] = false,
        ["bot_require_code_grant"] = false,
        ["verify_key"] = _server.PublicKey,
        ["flags"] = 0,
        ["team"] = null,
        ["bot"] = FakeDiscordServer.BotUser(_options),
        ["summary"] = "",
        ["owner"] = FakeUser.Default.ToJson(),
    };

    private async Task ListCommandsAsync(RestRequest request, bool guild)
    {
        if (await WrongApplicationAsync(request))
        {
            return;
        }

        await WriteAsync(request, _server.Commands.List(guild ? ulong.Parse(request["guild_id"], CultureInfo.InvariantCulture) : null));
    }

    /// <summary>docs/interactions--application-commands.mdx, "Bulk Overwrite Global/Guild Application Commands".</summary>
    private async Task OverwriteCommandsAsync(RestRequest request, bool guild)
    {
        if (await WrongApplicationAsync(request) || await ParseAsync(request) is not { } body)
        {
            return;
        }

        var errors = new ErrorTree();
        ValidateSchema(OpenApiSchemas.Operation(OpenApiSchemas.BulkCommandsOperation), body, errors);
        if (body is JsonArray commands)
        {
            CommandRules.Check(commands, errors);
        }

        if (!errors.IsEmpty || body is not JsonArray definitions)
        {
            await InvalidFormBodyAsync(request, errors);
            return;
        }

        var guildId = guild ? ulong.Parse(request["guild_id"], CultureInfo.InvariantCulture) : (ulong?)null;
        await WriteAsync(request, _server.Commands.Overwrite(guildId, definitions));
    }

    /// <summary>docs/interactions--receiving-and-responding.mdx, "Create Interaction Response".</summary>
    private void ValidateSchema(NJsonSchema.JsonSchema schema, JsonNode? body, ErrorTree errors, IReadOnlyList<string>? prefix = null)
    {
        if (Schemas.ShouldValidate(schema, body))
        {
            OpenApiSchemas.Validate(schema, body, errors, prefix);
        }
    }

    private async Task CallbackAsync(RestRequest request)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var context = request.Context;
        var what = "POST /interactions/{id}/{token}/callback";
        var state = ulong.TryParse(request["interaction_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? _server.Interactions.ById(id) : null;
        if (state is null || state.Token != request["interaction_token"])
        {
            await RejectAsync(context, what, 404, DiscordErrors.UnknownInteraction, "Unknown interaction", "unknown interaction id or token");
            return;
        }

        if (await LateOrRepeatedAsync(request, state, what))
        {
            return;
        }

        if (await ParseAsync(request) is not JsonObject body)
        {
            if (context.Response.StatusCode < 400)
            {
                await InvalidFormBodyAsync(request, Single([], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"));
            }

            return;
        }

        var type = body["type"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : -1;
        var data = body["data"] as JsonObject;
        var errors = ValidateCallback(state, type, body, data);
        if (!errors.IsEmpty)
        {
            await InvalidFormBodyAsync(request, errors);
            return;
        }

        if (type is 4 && MessageRules.IsEmpty(data))
        {
            await RejectAsync(context, what, 400, DiscordErrors.EmptyMessage, "Cannot send an empty message", "callback type 4 with nothing to show");
            return;
        }

        var alreadyAnswered = false;
        JsonObject? sentMessage = null;
        lock (state.Gate)
        {
            // Checked again under the lock: two concurrent callbacks must not both win.
            if (state.Callback is not null)
            {
                alreadyAnswered = true;
            }
            else
            {
                state.Callback = new InteractionCallback(type, data is null ? null : JsonNodes.Element(data), receivedAt - state.DeadlineFrom!.Value, receivedAt);
                sentMessage = Acknowledge(state, type, data);
            }
        }

        if (alreadyAnswered)
        {
            await RejectAsync(context, what, 400, DiscordErrors.AlreadyAcknowledged, "Interaction has already been acknowledged", $"second callback for interaction {state.Id}");
            return;
        }

        if (type is 4 or 7 && data is not null)
        {
            _server.RecordMessage(RecordedMessage.From(state.Id, MessageSource.Callback, data));
        }

        // Only now: a test woken by the callback must find its message among the recorded ones.
        state.CallbackReceived.TrySetResult(state.Callback!);

        if (context.Request.Query["with_response"] == "true")
        {
            await WriteAsync(request, CallbackResponse(state, type, sentMessage));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Sets the reply state for an accepted callback; call under the state's lock. Returns the message it shows, if any.</summary>
    private JsonObject? Acknowledge(InteractionState state, int type, JsonObject? data)
    {
        switch (type)
        {
            case 4:
                state.OriginalId = Snowflakes.Next();
                state.ApplyToOriginal(data!, isEdit: false);
                break;
            case 5:
                state.OriginalId = Snowflakes.Next();
                state.Original = new JsonObject { ["content"] = "", ["flags"] = data?["flags"]?.DeepClone() ?? 0 };
                state.Reply = ReplyState.Deferred;
                break;
            case 6 or 7:
                // Both act on the message holding the component (docs: "Interaction Callback Type").
                state.OriginalId = ulong.Parse((string)state.SourceMessage!["id"]!, CultureInfo.InvariantCulture);
                state.Original = state.SourceMessage.DeepClone().AsObject();
                state.Reply = ReplyState.Deferred;
                if (type == 7)
                {
                    state.ApplyToOriginal(data ?? [], isEdit: true);
                }

                break;
            default:
                state.Reply = ReplyState.NoMessage;
                return null;
        }

        var message = state.MessageObject(state.OriginalId, state.Original, FakeDiscordServer.BotUser(_options), _options.ApplicationId);
        _server.Interactions.RememberMessage(state.OriginalId, message);
        if (state.Reply == ReplyState.Visible)
        {
            state.AnnounceOriginal(isEdit: type == 7);
        }

        return message;
    }

    private ErrorTree ValidateCallback(InteractionState state, int type, JsonObject body, JsonObject? data)
    {
        var errors = new ErrorTree();

        // Which callback types fit which interaction (docs/interactions--receiving-and-responding.mdx, "Interaction Callback Type").
        int[] allowed = state.Type switch
        {
            3 => [4, 5, 6, 7, 9],
            4 => [8],
            _ => [4, 5, 9],
        };
        if (!allowed.Contains(type))
        {
            errors.Add(["type"], "INTERACTION_RESPONSE_TYPE_INVALID", $"Callback type {type} is not valid for interaction type {state.Type}; expected one of ({string.Join(", ", allowed)}).");
            return errors;
        }

        var schema = type switch
        {
            4 or 5 => "CreateMessageInteractionCallbackRequest",
            6 or 7 => "UpdateMessageInteractionCallbackRequest",
            8 => "ApplicationCommandAutocompleteCallbackRequest",
            _ => "ModalInteractionCallbackRequest",
        };
        ValidateSchema(OpenApiSchemas.Component(schema), body, errors);
        if (type is 4 or 7)
        {
            MessageRules.Check(data, errors, ["data"]);
        }

        if (type == 8 && data?["choices"] is JsonArray choices && choices.Count > 25)
        {
            errors.Add(["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        }

        return errors;
    }

    private async Task<bool> LateOrRepeatedAsync(RestRequest request, InteractionState state, string what)
    {
        DateTimeOffset? dispatched;
        bool answered;
        lock (state.Gate)
        {
            dispatched = state.DeadlineFrom;
            answered = state.Callback is not null;
        }

        if (dispatched is null)
        {
            await RejectAsync(request.Context, what, 404, DiscordErrors.UnknownInteraction, "Unknown interaction", $"interaction {state.Id} was never dispatched");
            return true;
        }

        if (answered)
        {
            await RejectAsync(request.Context, what, 400, DiscordErrors.AlreadyAcknowledged, "Interaction has already been acknowledged", $"second callback for interaction {state.Id}");
            return true;
        }

        var elapsed = DateTimeOffset.UtcNow - dispatched.Value;
        if (elapsed > _options.CallbackDeadline)
        {
            await RejectAsync(request.Context, what, 404, DiscordErrors.UnknownInteraction, "Unknown interaction",
                $"callback {elapsed.TotalMilliseconds:0} ms after dispatch, past the {_options.CallbackDeadline.TotalMilliseconds:0} ms deadline");
            return true;
        }

        return false;
    }

    /// <summary>
    /// An interaction response that came back as the body of the bot's answer to an HTTP interaction
    /// (docs/interactions--receiving-and-responding.mdx, "Inline HTTP Response Behavior"): held to the same rules as the
    /// callback route. Returns null when accepted, else what was wrong (also recorded as a violation).
    /// </summary>
    internal string? AcceptInlineResponse(InteractionState state, string text, DateTimeOffset receivedAt)
    {
        const string what = "HTTP interaction response";
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException ex)
        {
            body = null;
            text = ex.Message;
        }

        if (body is null)
        {
            return Violation($"{what} is not a JSON object: {text}");
        }

        var type = body["type"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : -1;
        var data = body["data"] as JsonObject;
        var errors = ValidateCallback(state, type, body, data);
        if (!errors.IsEmpty)
        {
            return Violation($"400 50035 {what}: {string.Join("; ", errors.Lines)}");
        }

        if (type is 4 && MessageRules.IsEmpty(data))
        {
            return Violation($"{what}: type 4 with nothing to show");
        }

        lock (state.Gate)
        {
            var elapsed = receivedAt - state.DeadlineFrom!.Value;
            if (elapsed > _options.CallbackDeadline)
            {
                return Violation($"{what} {elapsed.TotalMilliseconds:0} ms after the request, past the {_options.CallbackDeadline.TotalMilliseconds:0} ms deadline");
            }

            if (state.Callback is not null)
            {
                return Violation($"{what} for interaction {state.Id}, which was already answered through the callback route");
            }

            state.Callback = new InteractionCallback(type, data is null ? null : JsonNodes.Element(data), elapsed, receivedAt);
            Acknowledge(state, type, data);
        }

        if (type is 4 or 7 && data is not null)
        {
            _server.RecordMessage(RecordedMessage.From(state.Id, MessageSource.Callback, data));
        }

        // As on the callback route: the message is recorded before a waiting test wakes.
        state.CallbackReceived.TrySetResult(state.Callback!);

        return null;

        string Violation(string line)
        {
            _server.ViolationLog.Add(line);
            return line;
        }
    }

    private JsonObject CallbackResponse(InteractionState state, int type, JsonObject? message)
    {
        var response = new JsonObject
        {
            ["interaction"] = new JsonObject
            {
                ["id"] = Id(state.Id),
                ["type"] = state.Type,
                ["response_message_id"] = message?["id"]?.DeepClone(),
                ["response_message_loading"] = type is 5,
                ["response_message_ephemeral"] = ((long?)message?["flags"] & 64) != 0,
            },
        };
        if (message is not null)
        {
            response["resource"] = new JsonObject { ["type"] = type, ["message"] = message };
        }

        return response;
    }

    private async Task GetOriginalAsync(RestRequest request)
    {
        if (await WebhookInteractionAsync(request) is not { } state)
        {
            return;
        }

        JsonObject? message;
        lock (state.Gate)
        {
            message = state.Reply is ReplyState.Visible or ReplyState.Deferred
                ? state.MessageObject(state.OriginalId, state.Original, FakeDiscordServer.BotUser(_options), _options.ApplicationId)
                : null;
        }

        await (message is null ? UnknownMessageAsync(request, "GET @original with no reply") : WriteAsync(request, message));
    }

    /// <summary>docs/interactions--receiving-and-responding.mdx, "Edit Original Interaction Response".</summary>
    private async Task EditOriginalAsync(RestRequest request)
    {
        if (await WebhookInteractionAsync(request) is not { } state || await ParseAsync(request) is not { } parsed)
        {
            return;
        }

        var errors = new ErrorTree();
        ValidateSchema(OpenApiSchemas.Operation(OpenApiSchemas.WebhookEditOperation), parsed, errors);
        MessageRules.Check(parsed as JsonObject, errors, []);
        if (!errors.IsEmpty || parsed is not JsonObject body)
        {
            await InvalidFormBodyAsync(request, errors);
            return;
        }

        JsonObject? message = null;
        var empties = false;
        lock (state.Gate)
        {
            if (state.Reply is ReplyState.Visible or ReplyState.Deferred)
            {
                // An edit that would leave nothing to show is refused and changes nothing.
                empties = MessageRules.IsEmpty(InteractionState.Merge(state.Original, body));
                if (!empties)
                {
                    state.ApplyToOriginal(body, isEdit: true);
                    message = state.MessageObject(state.OriginalId, state.Original, FakeDiscordServer.BotUser(_options), _options.ApplicationId);
                    _server.Interactions.RememberMessage(state.OriginalId, message);
                    state.AnnounceOriginal(isEdit: true);
                }
            }
        }

        if (empties)
        {
            await RejectAsync(request.Context, "PATCH @original", 400, DiscordErrors.EmptyMessage, "Cannot send an empty message", "the edit would leave the message empty");
            return;
        }

        if (message is null)
        {
            await UnknownMessageAsync(request, "PATCH @original before the interaction was answered with a message");
            return;
        }

        _server.RecordMessage(RecordedMessage.From(state.Id, MessageSource.OriginalEdit, body));
        await WriteAsync(request, message);
    }

    private async Task DeleteOriginalAsync(RestRequest request)
    {
        if (await WebhookInteractionAsync(request) is not { } state)
        {
            return;
        }

        bool deleted;
        lock (state.Gate)
        {
            deleted = state.Reply is ReplyState.Visible or ReplyState.Deferred;
            if (deleted)
            {
                state.Reply = ReplyState.Deleted;
            }
        }

        if (!deleted)
        {
            await UnknownMessageAsync(request, "DELETE @original with no reply");
            return;
        }

        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>docs/interactions--receiving-and-responding.mdx, "Create Followup Message".</summary>
    private async Task FollowupAsync(RestRequest request)
    {
        if (await WebhookInteractionAsync(request) is not { } state || await ParseAsync(request) is not { } parsed)
        {
            return;
        }

        var errors = new ErrorTree();
        ValidateSchema(OpenApiSchemas.Component("IncomingWebhookRequestPartial"), parsed, errors);
        MessageRules.Check(parsed as JsonObject, errors, []);
        if (!errors.IsEmpty || parsed is not JsonObject body)
        {
            await InvalidFormBodyAsync(request, errors);
            return;
        }

        if (MessageRules.IsEmpty(body))
        {
            await RejectAsync(request.Context, "POST follow-up", 400, DiscordErrors.EmptyMessage, "Cannot send an empty message", "follow-up with nothing to show");
            return;
        }

        JsonObject? message = null;
        var recorded = RecordedMessage.From(state.Id, MessageSource.Followup, body);
        lock (state.Gate)
        {
            if (state.Reply is not (ReplyState.None or ReplyState.NoMessage))
            {
                ulong messageId;
                var replacesThinking = state.Reply == ReplyState.Deferred && state.Type != 3;
                if (replacesThinking)
                {
                    // After a type 5 deferral the first follow-up replaces the "thinking…" message.
                    state.ApplyToOriginal(body, isEdit: false);
                    messageId = state.OriginalId;
                }
                else
                {
                    messageId = Snowflakes.Next();
                }

                message = state.MessageObject(messageId, body, FakeDiscordServer.BotUser(_options), _options.ApplicationId);
                state.Followups.Add(recorded);
                _server.Interactions.RememberMessage(messageId, message);
                if (replacesThinking)
                {
                    state.AnnounceOriginal(isEdit: false);
                }
            }
        }

        if (message is null)
        {
            await RejectAsync(request.Context, "POST /webhooks/{app}/{token}", 404, DiscordErrors.UnknownWebhook, "Unknown Webhook", "follow-up before the interaction was answered");
            return;
        }

        state.FollowupSignal.Increment();
        _server.RecordMessage(recorded);
        await WriteAsync(request, message);
    }

    /// <summary>
    /// <c>/messages/{id}</c>: the original reply by its id is the same as <c>@original</c>; a follow-up can be read, edited
    /// or deleted by id (docs/interactions--receiving-and-responding.mdx, "Edit Followup Message").
    /// </summary>
    private async Task ByMessageIdAsync(RestRequest request, Func<RestRequest, Task> onOriginal)
    {
        if (await WebhookInteractionAsync(request) is not { } state)
        {
            return;
        }

        ulong.TryParse(request["message_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var messageId);
        bool isOriginal;
        lock (state.Gate)
        {
            isOriginal = state.OriginalId != 0 && state.OriginalId == messageId;
        }

        if (isOriginal)
        {
            await onOriginal(request);
            return;
        }

        var message = _server.Interactions.Message(messageId);
        if (message is null || (string?)message["interaction_metadata"]?["id"] != Id(state.Id))
        {
            await UnknownMessageAsync(request, $"message {request["message_id"]} is not a reply to this interaction");
            return;
        }

        switch (request.Context.Request.Method)
        {
            case "GET":
                await WriteAsync(request, message);
                break;
            case "DELETE":
                _server.Interactions.ForgetMessage(messageId);
                request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await EditFollowupAsync(request, state, messageId, message);
                break;
        }
    }

    private async Task EditFollowupAsync(RestRequest request, InteractionState state, ulong messageId, JsonObject message)
    {
        if (await ParseAsync(request) is not { } parsed)
        {
            return;
        }

        var errors = new ErrorTree();
        ValidateSchema(OpenApiSchemas.Operation(OpenApiSchemas.WebhookEditOperation), parsed, errors);
        MessageRules.Check(parsed as JsonObject, errors, []);
        if (!errors.IsEmpty || parsed is not JsonObject body)
        {
            await InvalidFormBodyAsync(request, errors);
            return;
        }

        foreach (var field in new[] { "content", "embeds", "components", "allowed_mentions" })
        {
            if (body.TryGetPropertyValue(field, out var value))
            {
                message[field] = value?.DeepClone();
            }
        }

        _server.Interactions.RememberMessage(messageId, message);
        _server.RecordMessage(RecordedMessage.From(state.Id, MessageSource.FollowupEdit, body));
        await WriteAsync(request, message);
    }

    /// <summary>Resolves the interaction behind a webhook URL; the token works for 15 minutes (docs: "Followup Messages").</summary>
    private async Task<InteractionState?> WebhookInteractionAsync(RestRequest request)
    {
        var what = $"{request.Context.Request.Method} {request.Match.Template}";
        var state = _server.Interactions.ByToken(request["webhook_token"]);
        if (request["webhook_id"] != Id(_options.ApplicationId) || state is null)
        {
            await RejectAsync(request.Context, what, 404, DiscordErrors.UnknownWebhook, "Unknown Webhook",
                state is null ? "unknown interaction token" : $"webhook id {request["webhook_id"]} is not the application id");
            return null;
        }

        if (state.OverHttp && !state.HttpAnswered.Task.IsCompleted)
        {
            // Deliberate leniency: the bot can send its edit as soon as its HTTP response (say, a deferral) is written,
            // before this emulator has read that response; wait for it briefly rather than call the edit early.
            await state.HttpAnswered.Task.WaitAsync(TimeSpan.FromSeconds(1)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        DateTimeOffset started;
        lock (state.Gate)
        {
            started = state.DeadlineFrom ?? state.CreatedAt;
        }

        if (DateTimeOffset.UtcNow - started > _options.InteractionTokenLifetime)
        {
            await RejectAsync(request.Context, what, 401, DiscordErrors.InvalidWebhookToken, "Invalid Webhook Token", "interaction token used after it expired");
            return null;
        }

        return state;
    }

    private Task UnknownMessageAsync(RestRequest request, string detail) =>
        RejectAsync(request.Context, $"{request.Context.Request.Method} {request.Match.Template}", 404, DiscordErrors.UnknownMessage, "Unknown Message", detail);

    private async Task<bool> WrongApplicationAsync(RestRequest request)
    {
        if (request["application_id"] == Id(_options.ApplicationId))
        {
            return false;
        }

        await RejectAsync(request.Context, request.Match.Template, 403, 50001, "Missing Access", $"application id {request["application_id"]} is not this bot's");
        return true;
    }

    /// <summary>Reads a JSON body; anything else is rejected the way Discord does (50109 for bad JSON).</summary>
    private async Task<JsonNode?> ParseAsync(RestRequest request)
    {
        var what = $"{request.Context.Request.Method} {request.Match.Template}";
        if (!(request.Context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(request.Context, what, 400, DiscordErrors.InvalidFormBody, "Invalid Form Body",
                $"Content-Type \"{request.Context.Request.ContentType}\"; the emulator accepts application/json only");
            return null;
        }

        try
        {
            return JsonNode.Parse(request.Body) ?? throw new JsonException("null body");
        }
        catch (JsonException ex)
        {
            await RejectAsync(request.Context, what, 400, DiscordErrors.InvalidJson, "The request body contains invalid JSON.", ex.Message);
            return null;
        }
    }

    private Task InvalidFormBodyAsync(RestRequest request, ErrorTree errors)
    {
        if (errors.IsEmpty)
        {
            errors.Add([], "BASE_TYPE_INVALID", "Invalid body.");
        }

        _server.ViolationLog.Add($"400 50035 {request.Context.Request.Method} {request.Match.Template}: {string.Join("; ", errors.Lines)}");
        return DiscordErrors.InvalidFormBodyAsync(request.Context, errors);
    }

    private Task RejectAsync(HttpContext context, string what, int status, int code, string message, string detail)
    {
        _server.ViolationLog.Add($"{status} {code} {what}: {_server.RequestLog.Redact(detail)}");
        return DiscordErrors.WriteAsync(context, status, code, message);
    }

    private static ErrorTree Single(IReadOnlyList<string> path, string code, string message)
    {
        var errors = new ErrorTree();
        errors.Add(path, code, message);
        return errors;
    }

    private static Task WriteAsync(RestRequest request, JsonNode body) => DiscordErrors.WriteJsonAsync(request.Context, StatusCodes.Status200OK, body);

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
