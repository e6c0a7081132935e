using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>
/// Driving the bot as Discord does: each call dispatches an INTERACTION_CREATE shaped like the docs' "Example Interaction"
/// (docs/interactions--application-commands.mdx) and returns a handle to await the bot's answer.
/// </summary>
public sealed partial class FakeDiscordServer
{
    /// <summary>A slash command from <see cref="FakeUser.Default"/> in the default guild and channel.</summary>
    public Task<InteractionHandle> SendSlashCommandAsync(string name, params CommandOption[] options) =>
        SendSlashCommandAsync(Options.GuildId, Options.ChannelId, FakeUser.Default, name, options);

    /// <summary>A slash command (interaction type 2, command type 1).</summary>
    public async Task<InteractionHandle> SendSlashCommandAsync(
        ulong guildId,
        ulong channelId,
        FakeUser user,
        string name,
        IReadOnlyList<CommandOption>? options = null,
        ulong memberPermissions = DiscordPermissions.Member,
        string locale = "en-US",
        CancellationToken cancellationToken = default)
    {
        var command = await RegisteredCommandAsync(guildId, name, 1, cancellationToken);
        CheckOptions(name, command?["options"] as JsonArray, options ?? [], command is not null, requireAll: true);
        var data = CommandData(command, name, 1, guildId);
        if (options is { Count: > 0 })
        {
            data["options"] = new JsonArray([.. options.Select(o => (JsonNode)o.ToJson())]);
            var attachments = AttachmentsIn(options).ToList();
            if (attachments.Count > 0)
            {
                data["resolved"] = new JsonObject { ["attachments"] = new JsonObject(attachments.Select(a => KeyValuePair.Create(Id(a.Id), (JsonNode?)a.ToJson()))) };
            }
        }

        return Dispatch(2, data, guildId, channelId, user, memberPermissions, locale, sourceMessage: null);
    }

    /// <summary>An autocomplete request (interaction type 4); exactly one option should be <see cref="CommandOption.Focused"/>.</summary>
    public Task<InteractionHandle> SendAutocompleteAsync(string name, params CommandOption[] options) =>
        SendAutocompleteAsync(Options.GuildId, Options.ChannelId, FakeUser.Default, name, options);

    public async Task<InteractionHandle> SendAutocompleteAsync(
        ulong guildId,
        ulong channelId,
        FakeUser user,
        string name,
        IReadOnlyList<CommandOption> options,
        ulong memberPermissions = DiscordPermissions.Member,
        string locale = "en-US",
        CancellationToken cancellationToken = default)
    {
        var command = await RegisteredCommandAsync(guildId, name, 1, cancellationToken);
        CheckOptions(name, command?["options"] as JsonArray, options, command is not null, requireAll: false);
        if (options.Count(o => o.IsFocused || o.Options?.Any(x => x.IsFocused || x.Options?.Any(y => y.IsFocused) == true) == true) != 1)
        {
            throw new ArgumentException("An autocomplete interaction has exactly one focused option.", nameof(options));
        }

        var data = CommandData(command, name, 1, guildId);
        data["options"] = new JsonArray([.. options.Select(o => (JsonNode)o.ToJson())]);
        return Dispatch(4, data, guildId, channelId, user, memberPermissions, locale, sourceMessage: null);
    }

    /// <summary>
    /// A click on a button (or a select, with <paramref name="values"/>) of a bot message (interaction type 3). Without
    /// <paramref name="messageId"/> the newest bot message carrying <paramref name="customId"/> is used; clicking a
    /// component the bot never sent throws, since no user could.
    /// </summary>
    public Task<InteractionHandle> SendComponentAsync(
        string customId,
        ulong? messageId = null,
        IReadOnlyList<string>? values = null,
        FakeUser? user = null,
        ulong memberPermissions = DiscordPermissions.Member)
    {
        var found = messageId is { } id
            ? Interactions.Message(id) is { } byId ? (id, byId) : throw new InvalidOperationException($"The bot has sent no message {id}.")
            : Interactions.MessageWithComponent(customId) ?? throw new InvalidOperationException($"No bot message has a component with custom_id \"{customId}\".");
        var data = new JsonObject { ["custom_id"] = customId, ["component_type"] = values is null ? 2 : 3 };
        if (values is not null)
        {
            data["values"] = new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        }

        return Task.FromResult(Dispatch(3, data, Options.GuildId, Options.ChannelId, user ?? FakeUser.Default, memberPermissions, "en-US", found.Item2));
    }

    /// <summary>A message context-menu command (command type 3) on a message by <paramref name="author"/> with this content.</summary>
    public async Task<InteractionHandle> SendMessageCommandAsync(
        string name,
        string targetMessageContent,
        FakeUser? author = null,
        FakeUser? user = null,
        ulong memberPermissions = DiscordPermissions.Member,
        CancellationToken cancellationToken = default)
    {
        var command = await RegisteredCommandAsync(Options.GuildId, name, 3, cancellationToken);
        var targetId = Snowflakes.Next();
        var target = new JsonObject
        {
            ["id"] = Id(targetId),
            ["type"] = 0,
            ["channel_id"] = Id(Options.ChannelId),
            ["author"] = (author ?? new FakeUser(80_351_110_224_678_912, "nelly")).ToJson(),
            ["content"] = targetMessageContent,
            ["embeds"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["mention_everyone"] = false,
            ["pinned"] = false,
            ["tts"] = false,
            ["flags"] = 0,
            ["components"] = new JsonArray(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
        };
        var data = CommandData(command, name, 3, Options.GuildId);
        data["target_id"] = Id(targetId);
        data["resolved"] = new JsonObject { ["messages"] = new JsonObject { [Id(targetId)] = target } };
        return Dispatch(2, data, Options.GuildId, Options.ChannelId, user ?? FakeUser.Default, memberPermissions, "en-US", sourceMessage: null);
    }

    /// <summary>A user context-menu command (command type 2) on <paramref name="target"/>.</summary>
    public async Task<InteractionHandle> SendUserCommandAsync(
        string name,
        FakeUser target,
        FakeUser? user = null,
        ulong memberPermissions = DiscordPermissions.Member,
        CancellationToken cancellationToken = default)
    {
        var command = await RegisteredCommandAsync(Options.GuildId, name, 2, cancellationToken);
        var data = CommandData(command, name, 2, Options.GuildId);
        data["target_id"] = Id(target.Id);
        data["resolved"] = new JsonObject
        {
            ["users"] = new JsonObject { [Id(target.Id)] = target.ToJson() },
            ["members"] = new JsonObject { [Id(target.Id)] = Member(null, DiscordPermissions.Member) },
        };
        return Dispatch(2, data, Options.GuildId, Options.ChannelId, user ?? FakeUser.Default, memberPermissions, "en-US", sourceMessage: null);
    }

    /// <summary>Threads by id, with the channel each was started in: interactions from one carry its <c>parent_id</c>.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, ulong> _threads = new();

    /// <summary>
    /// Makes <paramref name="threadId"/> a public thread (channel type 11) of <paramref name="parentChannelId"/>: an
    /// interaction sent from it has the thread's id as <c>channel_id</c> and the parent in its channel's <c>parent_id</c>,
    /// as Discord sends it (docs/interactions--receiving-and-responding.mdx, partial channel objects).
    /// </summary>
    public void AddThread(ulong threadId, ulong parentChannelId) => _threads[threadId] = parentChannelId;

    private JsonObject Channel(ulong channelId, ulong guildId, ulong memberPermissions)
    {
        var channel = new JsonObject
        {
            ["id"] = Id(channelId),
            ["type"] = 0,
            ["guild_id"] = Id(guildId),
            ["name"] = "general",
            ["nsfw"] = false,
            ["permissions"] = memberPermissions.ToString(CultureInfo.InvariantCulture),
        };
        if (_threads.TryGetValue(channelId, out var parent))
        {
            channel["type"] = 11;
            channel["name"] = "a thread";
            channel["parent_id"] = Id(parent);
        }

        return channel;
    }

    private InteractionHandle Dispatch(int type, JsonObject data, ulong guildId, ulong channelId, FakeUser user, ulong memberPermissions, string locale, JsonObject? sourceMessage)
    {
        var id = Snowflakes.Next();
        var token = NewInteractionToken();
        var payload = new JsonObject
        {
            ["id"] = Id(id),
            ["application_id"] = Id(Options.ApplicationId),
            ["type"] = type,
            ["data"] = data,
            ["guild"] = new JsonObject { ["id"] = Id(guildId), ["locale"] = "en-US", ["features"] = new JsonArray() },
            ["guild_id"] = Id(guildId),
            ["channel"] = Channel(channelId, guildId, memberPermissions),
            ["channel_id"] = Id(channelId),
            ["member"] = Member(user, memberPermissions),
            ["token"] = token,
            ["version"] = 1,
            ["app_permissions"] = DiscordPermissions.App.ToString(CultureInfo.InvariantCulture),
            ["locale"] = locale,
            ["guild_locale"] = "en-US",
            ["entitlements"] = new JsonArray(),
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = Id(guildId) },
            ["context"] = 0,
            ["attachment_size_limit"] = 10_485_760,
        };
        if (sourceMessage is not null)
        {
            payload["message"] = sourceMessage.DeepClone();
        }

        var endpoint = InteractionsEndpoint;
        var state = new InteractionState(id, token, type, payload, sourceMessage) { OverHttp = endpoint is not null };
        Interactions.Add(state);
        _ = endpoint is not null
            ? DeliverOverHttpAsync(endpoint, state, payload, HttpSigning)
            : Gateway.DispatchAsync("INTERACTION_CREATE", payload, new DispatchHooks(state.MarkSending, state.MarkDispatched, state.MarkRouted));
        return new InteractionHandle(state);
    }

    /// <summary>Guild member as in an interaction: <c>permissions</c> is a string (docs: "Interaction Object").</summary>
    private static JsonObject Member(FakeUser? user, ulong permissions)
    {
        var member = new JsonObject
        {
            ["roles"] = new JsonArray([.. (user?.Roles ?? []).Select(role => (JsonNode)Id(role))]),
            ["premium_since"] = null,
            ["permissions"] = permissions.ToString(CultureInfo.InvariantCulture),
            ["pending"] = false,
            ["nick"] = null,
            ["mute"] = false,
            ["joined_at"] = "2017-03-13T19:19:14.040000+00:00",
            ["is_pending"] = false,
            ["deaf"] = false,
            ["flags"] = 0,
            ["avatar"] = null,
        };
        if (user is not null)
        {
            member["user"] = user.ToJson();
        }

        return member;
    }

    private static JsonObject CommandData(JsonObject? command, string name, int commandType, ulong guildId)
    {
        var data = new JsonObject
        {
            ["id"] = command?["id"]?.DeepClone() ?? Id(Snowflakes.Next()),
            ["name"] = name,
            ["type"] = commandType,
        };
        if (command?["guild_id"] is not null)
        {
            data["guild_id"] = Id(guildId);
        }

        return data;
    }

    /// <summary>Discord only sends commands the bot registered; wait a little for the bot to register, then refuse.</summary>
    private async Task<JsonObject?> RegisteredCommandAsync(ulong guildId, string name, int commandType, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + Options.CommandRegistrationWait;
        while (true)
        {
            if (Commands.Find(guildId, name, commandType) is { } command)
            {
                return command;
            }

            if (!Options.RequireRegisteredCommands)
            {
                return null;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The bot has not registered a type {commandType} command \"{name}\" (registered: {Commands.Describe()}).");
            }

            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>
    /// Discord only sends options the command declares, of the declared type, with every required one present
    /// (autocomplete sends what has been typed so far). A test that breaks this is testing an impossible interaction.
    /// </summary>
    private static void CheckOptions(string path, JsonArray? declared, IReadOnlyList<CommandOption> given, bool known, bool requireAll)
    {
        if (!known)
        {
            return;
        }

        foreach (var option in given)
        {
            var match = declared?.OfType<JsonObject>().FirstOrDefault(d => (string?)d["name"] == option.Name)
                ?? throw new ArgumentException($"/{path} declares no option \"{option.Name}\".", nameof(given));
            if ((int?)match["type"] != option.Type)
            {
                throw new ArgumentException($"/{path} option \"{option.Name}\" is type {match["type"]}, not {option.Type}.", nameof(given));
            }

            if (!option.IsFocused && match["choices"] is JsonArray { Count: > 0 } choices && !choices.Any(c => JsonNode.DeepEquals(c?["value"], option.Value)))
            {
                throw new ArgumentException($"/{path} option \"{option.Name}\" only takes its declared choices.", nameof(given));
            }

            CheckOptions($"{path} {option.Name}", match["options"] as JsonArray, option.Options ?? [], known, requireAll);
        }

        var isSubcommandLevel = declared?.Any(d => (int?)d?["type"] is 1 or 2) == true;
        if (requireAll && !isSubcommandLevel)
        {
            var missing = declared?.OfType<JsonObject>().Where(d => (bool?)d["required"] == true && given.All(g => g.Name != (string?)d["name"])).Select(d => (string?)d["name"]).ToList() ?? [];
            if (missing.Count > 0)
            {
                throw new ArgumentException($"/{path} needs its required options: {string.Join(", ", missing)}.", nameof(given));
            }
        }
    }

    /// <summary>The files the attachment options name, as Discord resolves them; an option naming no uploaded file is a test's mistake.</summary>
    private IEnumerable<FakeAttachment> AttachmentsIn(IReadOnlyList<CommandOption> options)
    {
        foreach (var option in options)
        {
            if (option.Type == 11)
            {
                yield return Cdn.Find(ulong.Parse((string)option.Value!, CultureInfo.InvariantCulture))
                    ?? throw new ArgumentException($"Attachment option \"{option.Name}\" names no file uploaded with Cdn.Upload.", nameof(options));
            }

            foreach (var inner in AttachmentsIn(option.Options ?? []))
            {
                yield return inner;
            }
        }
    }

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
