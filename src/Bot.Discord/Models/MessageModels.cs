using System.Text.Json;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Models;

/// <summary>
/// The body of a message the bot sends (callback data, webhook execute/edit).
/// See docs/resources--message.mdx, "Create Message", and docs/resources--webhook.mdx.
/// </summary>
internal sealed record MessageBody(
    string? Content,
    IReadOnlyList<EmbedBody>? Embeds,
    IReadOnlyList<ActionRowBody>? Components,
    AllowedMentionsBody AllowedMentions,
    int? Flags);

/// <summary>See docs/resources--message.mdx, "Embed Object".</summary>
internal sealed record EmbedBody(
    string? Title,
    string? Description,
    string? Url,
    int? Color,
    IReadOnlyList<EmbedFieldBody>? Fields,
    EmbedFooterBody? Footer,
    EmbedAuthorBody? Author);

internal sealed record EmbedFieldBody(string Name, string Value, bool Inline);

internal sealed record EmbedFooterBody(string Text);

internal sealed record EmbedAuthorBody(string Name);

/// <summary>See docs/components--reference.mdx, "Action Row" (type 1).</summary>
internal sealed record ActionRowBody(int Type, IReadOnlyList<ButtonBody> Components);

/// <summary>See docs/components--reference.mdx, "Button" (type 2).</summary>
internal sealed record ButtonBody(int Type, int Style, string? Label, string? CustomId, string? Url, EmojiBody? Emoji, bool? Disabled);

internal sealed record EmojiBody(string Name);

/// <summary>
/// <c>parse</c> is always written: an empty list pings nobody, whatever the text says.
/// See docs/resources--message.mdx, "Allowed Mentions Object".
/// </summary>
internal sealed record AllowedMentionsBody(IReadOnlyList<string> Parse, IReadOnlyList<Snowflake>? Users, IReadOnlyList<Snowflake>? Roles);

/// <summary>See docs/interactions--receiving-and-responding.mdx, "Interaction Response Structure".</summary>
internal sealed record InteractionCallbackBody(int Type, JsonElement? Data);

/// <summary>See docs/interactions--receiving-and-responding.mdx, "Autocomplete".</summary>
internal sealed record AutocompleteCallbackData(IReadOnlyList<ChoiceBody> Choices);

/// <summary>An option choice, sent for autocomplete and in command definitions; the value is a string or a number.</summary>
internal sealed record ChoiceBody(string Name, JsonElement Value);

/// <summary>Callback types. See docs/interactions--receiving-and-responding.mdx, "Interaction Callback Type".</summary>
internal enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
}

/// <summary>Message flags the bot uses. See docs/resources--message.mdx, "Message Flags".</summary>
[Flags]
internal enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,
}
