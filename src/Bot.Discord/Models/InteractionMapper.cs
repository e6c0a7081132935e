using System.Globalization;
using System.Text.Json;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Models;

/// <summary>
/// Turns the wire interaction into the <see cref="Interaction"/> the bot's handlers see.
/// See docs/interactions--receiving-and-responding.mdx, "Interaction Object".
/// </summary>
internal static class InteractionMapper
{
    public static InteractionPayload Deserialize(JsonElement data) =>
        data.Deserialize(DiscordJsonContext.Default.InteractionPayload)
        ?? throw new JsonException("INTERACTION_CREATE carried no interaction.");

    /// <param name="payload">The wire interaction.</param>
    /// <param name="fallbackApplicationId">The application id from READY, for payloads that omit <c>application_id</c>.</param>
    public static Interaction ToInteraction(InteractionPayload payload, Snowflake fallbackApplicationId)
    {
        // Guild interactions carry the user inside `member`, DMs carry `user` (same doc, "Interaction Object").
        var wireUser = payload.Member?.User ?? payload.User;
        var user = wireUser is null ? new InteractionUser(default, "unknown") : ToUser(wireUser);
        var member = payload.Member is null
            ? null
            : new InteractionMember(user, payload.Member.Roles ?? [], ParsePermissions(payload.Member.Permissions));

        var data = payload.Data;
        var kind = (InteractionKind)payload.Type;
        var isCommand = kind is InteractionKind.ApplicationCommand or InteractionKind.Autocomplete;

        return new Interaction(
            Id: payload.Id,
            ApplicationId: payload.ApplicationId ?? fallbackApplicationId,
            Kind: kind,
            Token: payload.Token,
            GuildId: payload.GuildId,
            ChannelId: payload.ChannelId,
            User: user,
            Member: member,
            Locale: payload.Locale,
            CommandName: isCommand ? data?.Name : null,
            CommandKind: isCommand && data?.Type is { } type ? (CommandKind)type : null,
            Options: ToOptions(data?.Options),
            CustomId: data?.CustomId,
            TargetId: data?.TargetId,
            TargetMessageContent: TargetMessageContent(data),
            ModalValues: kind == InteractionKind.ModalSubmit ? ModalValues(data?.Components) : null,
            ParentChannelId: ThreadParent(payload.Channel),
            Attachments: Attachments(data?.Resolved?.Attachments));
    }

    /// <summary>The channel a thread was started in; null for anything else (docs: channel types 10, 11 and 12 are threads).</summary>
    private static Snowflake? ThreadParent(ChannelPayload? channel) =>
        channel is { Type: 10 or 11 or 12, ParentId: { } parent } ? parent : null;

    private static InteractionUser ToUser(UserPayload user) => new(user.Id, user.Username, user.GlobalName);

    /// <summary>Permissions are a decimal string because the bit set outgrows 32 bits (docs/topics--permissions.mdx).</summary>
    private static ulong ParsePermissions(string? permissions) =>
        ulong.TryParse(permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static IReadOnlyList<CommandOptionValue> ToOptions(IReadOnlyList<OptionPayload>? options) =>
        options is null
            ? []
            // A null entry or a nameless option is not something Discord sends; dropping it beats a crash in a handler.
            : [.. options.Where(option => option is not null).Select(option => new CommandOptionValue(
                option.Name ?? string.Empty,
                (CommandOptionType)option.Type,
                ValueText(option.Value),
                option.Focused ?? false,
                ToOptions(option.Options)))];

    private static string? ValueText(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>The resolved attachments; one without an address cannot be downloaded and is left out.</summary>
    private static IReadOnlyDictionary<Snowflake, InteractionAttachment>? Attachments(IReadOnlyDictionary<string, AttachmentPayload>? attachments) =>
        attachments is null
            ? null
            : attachments.Values
                .Where(attachment => attachment is { Url.Length: > 0 })
                .GroupBy(attachment => attachment.Id)
                .ToDictionary(group => group.Key, group =>
                {
                    var attachment = group.First();
                    return new InteractionAttachment(attachment.Id, attachment.Filename ?? "upload", attachment.Url!, attachment.Size ?? 0, attachment.ContentType);
                });

    private static string? TargetMessageContent(InteractionDataPayload? data)
    {
        if (data?.TargetId is not { } target || data.Resolved?.Messages is not { } messages)
        {
            return null;
        }

        return messages.TryGetValue(target.ToString(), out var message) ? message?.Content : null;
    }

    private static IReadOnlyDictionary<string, string> ModalValues(IReadOnlyList<ModalComponentPayload>? components)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(components);
        return values;

        void Collect(IReadOnlyList<ModalComponentPayload>? level)
        {
            foreach (var component in level ?? [])
            {
                if (component is null)
                {
                    continue;
                }

                if (component.CustomId is { } id && component.Value is { } value)
                {
                    values[id] = value;
                }

                Collect(component.Components);
                if (component.Component is { } inner)
                {
                    Collect([inner]);
                }
            }
        }
    }
}
