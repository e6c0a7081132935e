using System.Globalization;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Models;

namespace Bot.Discord.Interactions;

/// <summary>
/// Every outgoing message and callback body is built here, so every Discord limit lives in one place.
/// Over a limit Discord answers 400 (50035) and the user sees nothing, so text is shortened instead:
/// at a word boundary, with an ellipsis. Limits: docs/resources--message.mdx ("Embed Limits",
/// "Create Message"), docs/components--reference.mdx, docs/interactions--receiving-and-responding.mdx.
/// </summary>
internal static class MessageLimits
{
    public const int Content = 2000;
    public const int Embeds = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int Footer = 2048;
    public const int Author = 256;
    public const int EmbedsTotal = 6000;
    public const int ActionRows = 5;
    public const int ButtonsPerRow = 5;
    public const int ButtonLabel = 80;
    public const int CustomId = 100;
    public const int AutocompleteChoices = 25;
    public const int ChoiceText = 100;
    public const int MentionIds = 100;

    public const string Ellipsis = "…";

    /// <summary>Stands in for a name or value that must not be empty.</summary>
    public const string Placeholder = "—";

    /// <summary>Builds the message body of a reply, within every limit.</summary>
    /// <param name="reply">What the bot wants to say.</param>
    /// <param name="isEdit">
    /// Edits (PATCH, callback type 7) send empty lists and content explicitly so the old ones are replaced,
    /// and leave out <c>flags</c>, which cannot change after the message exists.
    /// </param>
    public static MessageBody ToBody(MessageReply reply, bool isEdit = false)
    {
        var content = reply.Content is null ? null : Truncate(reply.Content, Content);
        var embeds = LimitEmbeds(reply.Embeds);
        var components = LimitComponents(reply.Components);

        if (!isEdit && string.IsNullOrEmpty(content) && embeds.Count == 0 && components.Count == 0)
        {
            // Discord refuses an empty message (error 50006); say so rather than fail silently.
            content = Placeholder;
        }

        return new MessageBody(
            Content: isEdit ? content ?? "" : NullIfEmpty(content),
            Embeds: isEdit || embeds.Count > 0 ? embeds : null,
            Components: isEdit || components.Count > 0 ? components : null,
            AllowedMentions: ToAllowedMentions(reply.AllowedMentions),
            Flags: isEdit ? null : reply.Ephemeral ? (int)MessageFlags.Ephemeral : null);
    }

    /// <summary>
    /// <c>parse: []</c> is always sent, so text echoed from users can never ping @everyone, a role or a user;
    /// only ids the reply names explicitly may be pinged (docs/resources--message.mdx, "Allowed Mentions Object").
    /// </summary>
    public static AllowedMentionsBody ToAllowedMentions(AllowedMentions? mentions)
    {
        var users = mentions?.Users.Distinct().Take(MentionIds).ToList();
        var roles = mentions?.Roles.Distinct().Take(MentionIds).ToList();
        return new AllowedMentionsBody([], users is { Count: > 0 } ? users : null, roles is { Count: > 0 } ? roles : null);
    }

    /// <summary>At most 25 choices, names and values 1–100 characters; numbers stay numbers for numeric options.</summary>
    public static AutocompleteCallbackData ToAutocomplete(IReadOnlyList<AutocompleteChoice> choices, CommandOptionType? optionType)
    {
        var limited = choices
            .Take(AutocompleteChoices)
            .Select(choice => new ChoiceBody(Required(choice.Name, ChoiceText), ChoiceValue(choice.Value, optionType)))
            .ToList();
        return new AutocompleteCallbackData(limited);
    }

    /// <summary>A choice value: a JSON number for integer and number options, else a string of 1–100 characters.</summary>
    public static JsonElement ChoiceValue(string value, CommandOptionType? optionType)
    {
        if (optionType is CommandOptionType.Integer && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonSerializer.SerializeToElement(integer, DiscordJsonContext.Default.Int64);
        }

        if (optionType is CommandOptionType.Number && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonSerializer.SerializeToElement(number, DiscordJsonContext.Default.Double);
        }

        return JsonSerializer.SerializeToElement(Required(value, ChoiceText), DiscordJsonContext.Default.String);
    }

    /// <summary>
    /// Shortens <paramref name="text"/> to at most <paramref name="max"/> UTF-16 units, ending with "…".
    /// It cuts at the last whitespace so no word is split; only a single word longer than the limit is cut
    /// inside, and never between the two halves of a surrogate pair.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        if (max <= Ellipsis.Length)
        {
            return Ellipsis[..max];
        }

        var keep = max - Ellipsis.Length;

        // text[keep] is the first character dropped: when it is whitespace, the cut is already between words.
        var boundary = -1;
        for (var index = keep; index > 0; index--)
        {
            if (char.IsWhiteSpace(text[index]))
            {
                boundary = index;
                break;
            }
        }

        var cut = boundary > 0 ? boundary : keep;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        var kept = text[..cut].TrimEnd();
        return kept + Ellipsis;
    }

    /// <summary>A text that must not be empty: the placeholder stands in for empty or blank text.</summary>
    public static string Required(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? Placeholder : Truncate(text, max);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Optional(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : Truncate(text, max);

    private static List<EmbedBody> LimitEmbeds(IReadOnlyList<Embed> embeds)
    {
        var limited = embeds
            .Take(Embeds)
            .Select(embed => new EmbedBody(
                Title: Optional(embed.Title, EmbedTitle),
                Description: Optional(embed.Description, EmbedDescription),
                Url: embed.Url,
                Color: embed.Color,
                Fields: embed.Fields.Count == 0
                    ? null
                    : [.. embed.Fields.Take(EmbedFields).Select(field => new EmbedFieldBody(Required(field.Name, FieldName), Required(field.Value, FieldValue), field.Inline))],
                Footer: Optional(embed.Footer, Footer) is { } footer ? new EmbedFooterBody(footer) : null,
                Author: Optional(embed.Author, Author) is { } author ? new EmbedAuthorBody(author) : null))
            .ToList();

        return FitTotal(limited);
    }

    private static int TotalLength(IEnumerable<EmbedBody> embeds) => embeds.Sum(embed =>
        (embed.Title?.Length ?? 0)
        + (embed.Description?.Length ?? 0)
        + (embed.Fields?.Sum(field => field.Name.Length + field.Value.Length) ?? 0)
        + (embed.Footer?.Text.Length ?? 0)
        + (embed.Author?.Name.Length ?? 0));

    /// <summary>
    /// All embeds together hold at most 6000 characters. The long texts are shortened from the end backwards
    /// (last embed's field values, then its description, then the embed before), so the opening stays intact;
    /// whole embeds are dropped from the end only if that is not enough.
    /// </summary>
    private static List<EmbedBody> FitTotal(List<EmbedBody> embeds)
    {
        for (var index = embeds.Count - 1; index >= 0 && TotalLength(embeds) > EmbedsTotal; index--)
        {
            var embed = embeds[index];
            var fields = embed.Fields?.ToList();
            for (var field = (fields?.Count ?? 0) - 1; field >= 0 && TotalLength(embeds) > EmbedsTotal; field--)
            {
                var over = TotalLength(embeds) - EmbedsTotal;
                var value = fields![field].Value;
                fields[field] = fields[field] with { Value = Required(Truncate(value, Math.Max(value.Length - over, Placeholder.Length + 1)), FieldValue) };
                embeds[index] = embed = embed with { Fields = fields };
            }

            if (TotalLength(embeds) > EmbedsTotal && embed.Description is { } description)
            {
                var over = TotalLength(embeds) - EmbedsTotal;
                var shortened = Truncate(description, Math.Max(description.Length - over, 0));
                embeds[index] = embed with { Description = shortened.Length <= Ellipsis.Length ? null : shortened };
            }
        }

        while (embeds.Count > 1 && TotalLength(embeds) > EmbedsTotal)
        {
            embeds.RemoveAt(embeds.Count - 1);
        }

        return embeds;
    }

    private static List<ActionRowBody> LimitComponents(IReadOnlyList<ActionRow> rows)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var limited = new List<ActionRowBody>();
        foreach (var row in rows.Take(ActionRows))
        {
            var buttons = new List<ButtonBody>();
            foreach (var button in row.Buttons)
            {
                if (buttons.Count == ButtonsPerRow || ToButton(button, seenIds) is not { } body)
                {
                    continue;
                }

                buttons.Add(body);
            }

            if (buttons.Count > 0)
            {
                limited.Add(new ActionRowBody(1, buttons));
            }
        }

        return limited;
    }

    /// <summary>
    /// A link button needs a URL and no custom id; any other needs a custom id of 1–100 characters, unique in
    /// the message (docs/components--reference.mdx, "Button"). A button that cannot be made valid is left out
    /// rather than making Discord reject the whole message.
    /// </summary>
    private static ButtonBody? ToButton(Button button, HashSet<string> seenIds)
    {
        var label = string.IsNullOrWhiteSpace(button.Label)
            ? button.Emoji is null ? Placeholder : null
            : Truncate(button.Label, ButtonLabel);
        var emoji = button.Emoji is null ? null : new EmojiBody(button.Emoji);

        if (button.Style == ButtonStyle.Link)
        {
            return string.IsNullOrWhiteSpace(button.Url)
                ? null
                : new ButtonBody(2, (int)ButtonStyle.Link, label, null, button.Url, emoji, button.Disabled ? true : null);
        }

        if (string.IsNullOrEmpty(button.CustomId) || button.CustomId.Length > CustomId || !seenIds.Add(button.CustomId))
        {
            return null;
        }

        return new ButtonBody(2, (int)button.Style, label, button.CustomId, null, emoji, button.Disabled ? true : null);
    }
}
