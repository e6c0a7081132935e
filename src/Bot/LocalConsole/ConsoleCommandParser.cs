using Bot.Discord.Abstractions;

namespace Bot.LocalConsole;

/// <summary>
/// Reads a slash command typed the way Discord shows it — <c>/ask question: Why is Xi wary?</c>,
/// <c>/sources article: ft-xi-wary-of-kim-putin paragraph: 3</c> — into the same <see cref="Interaction"/> a
/// Discord user would produce, so one set of handlers serves both. A line without a slash is a question for
/// <c>/ask</c>; text without an option name goes to the command's first text option.
/// </summary>
public static class ConsoleCommandParser
{
    public static readonly Snowflake ConsoleUserId = new(1);
    public static readonly Snowflake ConsoleChannelId = new(2);
    public static readonly Snowflake ConsoleGuildId = new(3);

    private static readonly InteractionUser ConsoleUser = new(ConsoleUserId, "console");

    /// <summary>A click on a button of an earlier reply, as Discord would send it.</summary>
    public static Interaction Click(string customId, long sequence) =>
        FromConsole(sequence, InteractionKind.MessageComponent) with { CustomId = customId };

    /// <summary>Parses one line; returns null with an explanation when the line names no known command.</summary>
    public static Interaction? Parse(string line, IReadOnlyList<CommandDefinition> commands, long sequence, out string? problem)
    {
        problem = null;
        line = line.Trim();
        if (!line.StartsWith('/'))
        {
            line = "/ask question: " + line;
        }

        var firstSpace = line.IndexOf(' ');
        var name = (firstSpace < 0 ? line[1..] : line[1..firstSpace]).ToLowerInvariant();
        var rest = firstSpace < 0 ? string.Empty : line[(firstSpace + 1)..].Trim();
        var command = commands.FirstOrDefault(definition => definition.Name == name && definition.Kind == CommandKind.ChatInput);
        if (command is null)
        {
            problem = $"Unknown command /{name}. Commands: {string.Join(", ", commands.Where(c => c.Kind == CommandKind.ChatInput).Select(c => "/" + c.Name))}.";
            return null;
        }

        var options = ParseOptions(command.Options, ref rest, out problem);
        if (options is null)
        {
            return null;
        }

        var attachments = new Dictionary<Snowflake, InteractionAttachment>();
        options = WithLocalFiles(options, attachments);
        return FromConsole(sequence, InteractionKind.ApplicationCommand) with
        {
            CommandName = command.Name,
            CommandKind = CommandKind.ChatInput,
            Options = options,
            Attachments = attachments,
        };
    }

    /// <summary>
    /// An attachment option takes a local file path in the console, in place of an upload: it becomes an attachment with a
    /// <c>file:</c> URL, which only the console's reader (<see cref="LocalFileAttachments"/>) opens.
    /// </summary>
    private static List<CommandOptionValue> WithLocalFiles(List<CommandOptionValue> options, Dictionary<Snowflake, InteractionAttachment> attachments) =>
        options.Select(option =>
        {
            if (option.Type != CommandOptionType.Attachment)
            {
                return option with { Options = WithLocalFiles([.. option.Options], attachments) };
            }

            var path = (option.Value ?? string.Empty).Trim().Trim('"');
            var full = Path.GetFullPath(path.Length == 0 ? "." : path);
            var id = new Snowflake((ulong)attachments.Count + 1);
            var size = File.Exists(full) ? new FileInfo(full).Length : 0;
            attachments[id] = new InteractionAttachment(id, Path.GetFileName(full), new Uri(full).AbsoluteUri, size, null);
            return option with { Value = id.ToString() };
        }).ToList();

    /// <summary>
    /// A Discord-style snowflake (milliseconds since 2015 above 22 bits of sequence), so ids stay unique across console
    /// sessions sharing one database, as Discord's do.
    /// </summary>
    private static Snowflake ConsoleSnowflake(long sequence) =>
        new(((ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - DiscordEpochMilliseconds) << 22) | ((ulong)sequence & 0x3F_FFFF));

    private const long DiscordEpochMilliseconds = 1_420_070_400_000;

    /// <summary>
    /// An interaction from the console user: the owner of a local server, so moderation commands can be tried
    /// too, with settings kept in the same database as a real server's.
    /// </summary>
    private static Interaction FromConsole(long sequence, InteractionKind kind) => new(
        Id: ConsoleSnowflake(sequence),
        ApplicationId: new Snowflake(0),
        Kind: kind,
        Token: "console",
        GuildId: ConsoleGuildId,
        ChannelId: ConsoleChannelId,
        User: ConsoleUser,
        Member: new InteractionMember(ConsoleUser, [], Permissions.Administrator),
        Locale: "en-US",
        CommandName: null,
        CommandKind: null,
        Options: []);

    private static List<CommandOptionValue>? ParseOptions(IReadOnlyList<CommandOptionDefinition> definitions, ref string rest, out string? problem)
    {
        problem = null;

        // Subcommands and groups come first, as bare words: "/mod channels allow channel: 123".
        var sub = definitions.Where(d => d.Type is CommandOptionType.SubCommand or CommandOptionType.SubCommandGroup).ToList();
        if (sub.Count > 0)
        {
            var space = rest.IndexOf(' ');
            var word = (space < 0 ? rest : rest[..space]).ToLowerInvariant();
            var chosen = sub.FirstOrDefault(d => d.Name == word);
            if (chosen is null)
            {
                problem = $"Choose one of: {string.Join(", ", sub.Select(d => d.Name))}.";
                return null;
            }

            rest = space < 0 ? string.Empty : rest[(space + 1)..].Trim();
            var inner = ParseOptions(chosen.Options ?? [], ref rest, out problem);
            return inner is null ? null : [new CommandOptionValue(chosen.Name, chosen.Type, null, false, inner)];
        }

        var values = new List<CommandOptionValue>();
        var text = rest;
        var positions = definitions
            .Select(d => (Definition: d, Index: IndexOfOption(text, d.Name)))
            .Where(pair => pair.Index >= 0)
            .OrderBy(pair => pair.Index)
            .ToList();
        var leading = positions.Count == 0 ? rest : rest[..positions[0].Index].Trim();
        if (leading.Length > 0)
        {
            var textOption = definitions.FirstOrDefault(d => d.Type == CommandOptionType.String && positions.All(p => p.Definition != d));
            if (textOption is null)
            {
                problem = $"I couldn't tell which option \"{leading}\" is for. Write it as name: value.";
                return null;
            }

            values.Add(new CommandOptionValue(textOption.Name, textOption.Type, leading, false, []));
        }

        for (var i = 0; i < positions.Count; i++)
        {
            var (definition, index) = positions[i];
            var start = index + definition.Name.Length + 1;
            var end = i + 1 < positions.Count ? positions[i + 1].Index : rest.Length;
            var value = rest[start..end].Trim();
            if (definition.Type == CommandOptionType.Boolean)
            {
                value = value.ToLowerInvariant() is "yes" or "y" or "true" or "on" or "1" ? "true" : "false";
            }

            values.Add(new CommandOptionValue(definition.Name, definition.Type, value, false, []));
        }

        var missing = definitions.FirstOrDefault(d => d.Required && values.All(v => v.Name != d.Name));
        if (missing is not null)
        {
            problem = $"The option \"{missing.Name}\" is required: add \"{missing.Name}: ...\".";
            return null;
        }

        return values;
    }

    /// <summary>Where "name:" starts as a word of its own in <paramref name="text"/>, or -1.</summary>
    private static int IndexOfOption(string text, string name)
    {
        var marker = name + ":";
        var index = 0;
        while ((index = text.IndexOf(marker, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            if (index == 0 || char.IsWhiteSpace(text[index - 1]))
            {
                return index;
            }

            index += marker.Length;
        }

        return -1;
    }
}
