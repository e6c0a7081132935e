namespace Bot.Discord.Abstractions;

/// <summary>Interaction types. See ../shared/discord/docs/interactions--receiving-and-responding.mdx.</summary>
public enum InteractionKind
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>Application command types. See ../shared/discord/docs/interactions--application-commands.mdx.</summary>
public enum CommandKind
{
    /// <summary>A slash command typed in the chat box.</summary>
    ChatInput = 1,

    /// <summary>A context-menu entry on a user.</summary>
    User = 2,

    /// <summary>A context-menu entry on a message.</summary>
    Message = 3,
}

/// <summary>Application command option types. See ../shared/discord/docs/interactions--application-commands.mdx.</summary>
public enum CommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>
/// A file a member uploaded through an attachment option: Discord stores it on its CDN and sends its address.
/// <see cref="FileName"/> is the member's name for it, to be shown, never used as a path. See
/// ../shared/discord/docs/resources--message.mdx, "Attachment Object".
/// </summary>
public sealed record InteractionAttachment(Snowflake Id, string FileName, string Url, long Size, string? ContentType);

/// <summary>The person behind an interaction.</summary>
public sealed record InteractionUser(Snowflake Id, string Username, string? GlobalName = null)
{
    public string DisplayName => GlobalName ?? Username;
}

/// <summary>
/// The guild member behind a guild interaction. <see cref="Permissions"/> is the member's computed
/// permission bit set in the channel, as sent by Discord; commands re-check it before acting because
/// server admins can override <c>default_member_permissions</c>.
/// </summary>
public sealed record InteractionMember(InteractionUser User, IReadOnlyList<Snowflake> Roles, ulong Permissions);

/// <summary>
/// One option a user filled in. <see cref="Value"/> is the option's value as text (numbers in invariant
/// culture, booleans as <c>true</c>/<c>false</c>, ids as decimal); subcommands carry their own options.
/// </summary>
public sealed record CommandOptionValue(
    string Name,
    CommandOptionType Type,
    string? Value,
    bool Focused,
    IReadOnlyList<CommandOptionValue> Options);

/// <summary>
/// An interaction as the bot's handlers see it: parsed from INTERACTION_CREATE, free of wire details,
/// so that swapping the Discord client changes only the project that builds it. <see cref="ParentChannelId"/> is the
/// channel a thread was started in, when the interaction comes from a thread.
/// </summary>
public sealed record Interaction(
    Snowflake Id,
    Snowflake ApplicationId,
    InteractionKind Kind,
    string Token,
    Snowflake? GuildId,
    Snowflake? ChannelId,
    InteractionUser User,
    InteractionMember? Member,
    string? Locale,
    string? CommandName,
    CommandKind? CommandKind,
    IReadOnlyList<CommandOptionValue> Options,
    string? CustomId = null,
    Snowflake? TargetId = null,
    string? TargetMessageContent = null,
    IReadOnlyDictionary<string, string>? ModalValues = null,
    Snowflake? ParentChannelId = null,
    IReadOnlyDictionary<Snowflake, InteractionAttachment>? Attachments = null)
{
    /// <summary>
    /// The subcommand path below the command name, e.g. <c>["channels", "allow"]</c> for
    /// <c>/mod channels allow</c>; empty for a command without subcommands.
    /// </summary>
    public IReadOnlyList<string> SubcommandPath
    {
        get
        {
            var path = new List<string>();
            var options = Options;
            while (options.Count == 1 && options[0].Type is CommandOptionType.SubCommand or CommandOptionType.SubCommandGroup)
            {
                path.Add(options[0].Name);
                options = options[0].Options;
            }

            return path;
        }
    }

    /// <summary>The options of the innermost subcommand (or of the command itself).</summary>
    public IReadOnlyList<CommandOptionValue> LeafOptions
    {
        get
        {
            var options = Options;
            while (options.Count == 1 && options[0].Type is CommandOptionType.SubCommand or CommandOptionType.SubCommandGroup)
            {
                options = options[0].Options;
            }

            return options;
        }
    }

    /// <summary>The option being typed, for an autocomplete interaction.</summary>
    public CommandOptionValue? FocusedOption => LeafOptions.FirstOrDefault(option => option.Focused);

    public string? GetString(string name) => LeafOptions.FirstOrDefault(option => option.Name == name)?.Value;

    /// <summary>The file an attachment option names (its value is the attachment's id in the resolved data).</summary>
    public InteractionAttachment? GetAttachment(string name) =>
        Snowflake.TryParse(GetString(name), out var id) && Attachments is { } attachments && attachments.TryGetValue(id, out var attachment) ? attachment : null;

    public bool? GetBoolean(string name) => GetString(name) switch
    {
        "true" or "True" => true,
        "false" or "False" => false,
        _ => null,
    };

    public long? GetInteger(string name) =>
        long.TryParse(GetString(name), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
