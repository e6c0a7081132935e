using System.Text.Json;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Models;

/// <summary>See docs/interactions--receiving-and-responding.mdx, "Interaction Object".</summary>
internal sealed record InteractionPayload(
    Snowflake Id,
    Snowflake? ApplicationId,
    int Type,
    string Token,
    InteractionDataPayload? Data,
    Snowflake? GuildId,
    Snowflake? ChannelId,
    MemberPayload? Member,
    UserPayload? User,
    string? Locale,
    MessagePayload? Message,
    ChannelPayload? Channel = null);

/// <summary>
/// The partial channel an interaction comes from (only what the bot reads): a thread's <c>parent_id</c> is the channel
/// it was started in. See docs/interactions--receiving-and-responding.mdx, "Interaction Object", partial channels.
/// </summary>
internal sealed record ChannelPayload(Snowflake Id, int Type, Snowflake? ParentId);

/// <summary>
/// The union of the data of application commands, components and modal submits.
/// See docs/interactions--receiving-and-responding.mdx, "Interaction Data".
/// </summary>
internal sealed record InteractionDataPayload(
    Snowflake? Id,
    string? Name,
    int? Type,
    IReadOnlyList<OptionPayload>? Options,
    ResolvedPayload? Resolved,
    Snowflake? TargetId,
    string? CustomId,
    int? ComponentType,
    IReadOnlyList<string>? Values,
    IReadOnlyList<ModalComponentPayload>? Components);

/// <summary>See docs/interactions--receiving-and-responding.mdx, "Application Command Interaction Data Option Structure".</summary>
internal sealed record OptionPayload(string Name, int Type, JsonElement? Value, bool? Focused, IReadOnlyList<OptionPayload>? Options);

/// <summary>See docs/interactions--receiving-and-responding.mdx, "Resolved Data Structure" (only what the bot reads).</summary>
internal sealed record ResolvedPayload(
    IReadOnlyDictionary<string, MessagePayload>? Messages,
    IReadOnlyDictionary<string, UserPayload>? Users,
    IReadOnlyDictionary<string, AttachmentPayload>? Attachments = null);

/// <summary>An uploaded file (only what the bot reads). See docs/resources--message.mdx, "Attachment Object".</summary>
internal sealed record AttachmentPayload(Snowflake Id, string? Filename, string? Url, long? Size, string? ContentType);

/// <summary>A guild member; <c>permissions</c> is a decimal string. See docs/topics--permissions.mdx.</summary>
internal sealed record MemberPayload(UserPayload? User, IReadOnlyList<Snowflake>? Roles, string? Permissions, string? Nick);

/// <summary>The user object, as embedded in interactions and READY (only what the bot reads).</summary>
internal sealed record UserPayload(Snowflake Id, string Username, string? GlobalName);

/// <summary>See docs/resources--message.mdx, "Message Object" (only what the bot reads).</summary>
internal sealed record MessagePayload(Snowflake Id, string? Content);

/// <summary>
/// A component of a submitted modal: an action row (type 1) or label (type 18) around a text input (type 4).
/// See docs/components--reference.mdx, "Text Input" and "Label".
/// </summary>
internal sealed record ModalComponentPayload(
    int Type,
    string? CustomId,
    string? Value,
    IReadOnlyList<ModalComponentPayload>? Components,
    ModalComponentPayload? Component);
