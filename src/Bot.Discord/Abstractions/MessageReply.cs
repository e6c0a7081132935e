namespace Bot.Discord.Abstractions;

/// <summary>
/// A message the bot wants to send, in Discord's vocabulary but free of wire details. The client passes
/// every reply through its limit enforcement before sending (content 2000, embeds 10 / 6000 in total, ...:
/// ../shared/discord/docs/resources--message.mdx) and, unless <see cref="AllowedMentions"/> says otherwise,
/// sends <c>allowed_mentions: {"parse": []}</c> so echoed text pings nobody.
/// </summary>
public sealed record MessageReply
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed> Embeds { get; init; } = [];

    public IReadOnlyList<ActionRow> Components { get; init; } = [];

    /// <summary>Only the invoking user sees the reply (message flag 64).</summary>
    public bool Ephemeral { get; init; }

    /// <summary>Who may be pinged; <c>null</c> means nobody.</summary>
    public AllowedMentions? AllowedMentions { get; init; }

    public static MessageReply Text(string content, bool ephemeral = false) => new() { Content = content, Ephemeral = ephemeral };
}

/// <summary>Mentions a reply may ping. The default pings nobody.</summary>
public sealed record AllowedMentions(IReadOnlyList<Snowflake> Users, IReadOnlyList<Snowflake> Roles)
{
    public static AllowedMentions None { get; } = new([], []);
}

/// <summary>A rich embed. See ../shared/discord/docs/resources--message.mdx, "Embed Object".</summary>
public sealed record Embed
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public int? Color { get; init; }

    public IReadOnlyList<EmbedField> Fields { get; init; } = [];

    public string? Footer { get; init; }

    public string? Author { get; init; }
}

public sealed record EmbedField(string Name, string Value, bool Inline = false);

/// <summary>A row of up to five buttons. See ../shared/discord/docs/components--reference.mdx.</summary>
public sealed record ActionRow(IReadOnlyList<Button> Buttons);

public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
}

/// <summary>A button: <see cref="CustomId"/> (1–100 chars) for the bot's own buttons, <see cref="Url"/> for link buttons.</summary>
public sealed record Button(ButtonStyle Style, string Label, string? CustomId = null, string? Url = null, string? Emoji = null, bool Disabled = false);

/// <summary>One autocomplete suggestion (name and value 1–100 chars; at most 25 are sent).</summary>
public sealed record AutocompleteChoice(string Name, string Value);
