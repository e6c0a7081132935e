using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Interactions;

/// <summary>
/// Publishes <see cref="ICommandCatalog.Commands"/> with a bulk overwrite, to the configured guild or globally,
/// but only when they differ from what Discord already has: new commands count against 200 creates a day
/// (docs/interactions--application-commands.mdx, "Registering a Command").
/// </summary>
internal sealed partial class CommandPublisher(
    DiscordRestClient rest,
    ICommandCatalog catalog,
    IOptions<DiscordOptions> options,
    ILogger<CommandPublisher> logger)
{
    /// <summary>Publishes the catalog; returns whether a <c>PUT</c> was needed.</summary>
    public async Task<bool> PublishAsync(Snowflake application, CancellationToken cancellationToken)
    {
        var desired = catalog.Commands.Select(ToPayload).ToList();
        var problems = Validate(desired);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The command catalog is not valid for Discord:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        var guild = options.Value.Guild;
        var scope = guild is { } g ? $"guild {g}" : "all guilds (global)";
        var current = await rest.GetCommandsAsync(application, guild, cancellationToken).ConfigureAwait(false);
        if (Canonical(current) == Canonical(desired))
        {
            logger.LogInformation("Commands unchanged for {Scope} ({Count} commands); skipped the overwrite", scope, desired.Count);
            return false;
        }

        await rest.OverwriteCommandsAsync(application, guild, desired, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Published {Count} commands to {Scope}: {Names}", desired.Count, scope, string.Join(", ", desired.Select(command => command.Name)));
        return true;
    }

    /// <summary>
    /// The wire form: <c>default_member_permissions</c> as a decimal string, <c>contexts</c> [0] for guild-only
    /// or [0, 1, 2] when DMs are allowed, and an empty description for context-menu commands, which take none.
    /// </summary>
    internal static ApplicationCommandPayload ToPayload(CommandDefinition command)
    {
        var isChatInput = command.Kind == CommandKind.ChatInput;
        return new ApplicationCommandPayload(
            Name: command.Name,
            Description: isChatInput ? command.Description : "",
            Type: (int)command.Kind,
            Options: isChatInput && command.Options.Count > 0 ? [.. command.Options.Select(ToOption)] : null,
            DefaultMemberPermissions: command.DefaultMemberPermissions is { } permissions
                ? JsonSerializer.SerializeToElement(permissions.ToString(CultureInfo.InvariantCulture), DiscordJsonContext.Default.String)
                : null,
            Contexts: command.AllowInDirectMessages ? [0, 1, 2] : [0]);
    }

    private static CommandOptionPayload ToOption(CommandOptionDefinition option)
    {
        var numeric = option.Type is CommandOptionType.Integer or CommandOptionType.Number;
        return new CommandOptionPayload(
            Type: (int)option.Type,
            Name: option.Name,
            Description: option.Description,
            Required: option.Required ? true : null,
            Autocomplete: option.Autocomplete ? true : null,
            Choices: option.Choices is { Count: > 0 } choices
                ? [.. choices.Select(choice => new ChoiceBody(choice.Name, MessageLimits.ChoiceValue(choice.Value, option.Type)))]
                : null,
            MinLength: option.MinLength,
            MaxLength: option.MaxLength,
            MinValue: numeric && option.MinValue is { } min ? JsonSerializer.SerializeToElement(min, DiscordJsonContext.Default.Int64) : null,
            MaxValue: numeric && option.MaxValue is { } max ? JsonSerializer.SerializeToElement(max, DiscordJsonContext.Default.Int64) : null,
            Options: option.Options is { Count: > 0 } nested ? [.. nested.Select(ToOption)] : null);
    }

    /// <summary>
    /// The limits Discord enforces on a command (docs/interactions--application-commands.mdx, "Application
    /// Command Naming" and "Application Command Option Structure"), checked before sending so a mistake reads
    /// as a clear message instead of a 50035 answer.
    /// </summary>
    internal static List<string> Validate(IReadOnlyList<ApplicationCommandPayload> commands)
    {
        var problems = new List<string>();
        foreach (var command in commands)
        {
            var chatInput = command.Type is null or (int)CommandKind.ChatInput;
            if (chatInput ? !IsValidName(command.Name) : command.Name.Length is < 1 or > 32)
            {
                problems.Add($"{command.Name}: names are 1–32 characters{(chatInput ? ", lowercase letters, digits, '-', '_' or '''" : "")}");
            }

            if (chatInput && (command.Description ?? "").Length is < 1 or > 100)
            {
                problems.Add($"{command.Name}: the description must be 1–100 characters");
            }

            ValidateOptions(command.Name, command.Options, problems);
        }

        foreach (var duplicate in commands.GroupBy(command => (command.Type, command.Name)).Where(group => group.Count() > 1))
        {
            problems.Add($"{duplicate.Key.Name}: declared more than once");
        }

        return problems;
    }

    private static void ValidateOptions(string path, IReadOnlyList<CommandOptionPayload>? options, List<string> problems)
    {
        if (options is null)
        {
            return;
        }

        if (options.Count > 25)
        {
            problems.Add($"{path}: at most 25 options");
        }

        var seenOptional = false;
        foreach (var option in options)
        {
            var where = $"{path} {option.Name}";
            if (!IsValidName(option.Name))
            {
                problems.Add($"{where}: option names are 1–32 lowercase characters");
            }

            if (option.Description.Length is < 1 or > 100)
            {
                problems.Add($"{where}: the description must be 1–100 characters");
            }

            if (option.Choices is { } choices)
            {
                if (choices.Count > 25)
                {
                    problems.Add($"{where}: at most 25 choices");
                }

                if (option.Autocomplete == true)
                {
                    problems.Add($"{where}: autocomplete cannot be combined with choices");
                }

                problems.AddRange(choices.Where(choice => choice.Name.Length is < 1 or > 100).Select(choice => $"{where}: choice names are 1–100 characters"));
            }

            // Required options must come before optional ones.
            if (option.Required == true && seenOptional)
            {
                problems.Add($"{where}: required options must come before optional ones");
            }

            seenOptional |= option.Required != true && option.Type > (int)CommandOptionType.SubCommandGroup;
            ValidateOptions(where, option.Options, problems);
        }
    }

    private static bool IsValidName(string name) => NamePattern().IsMatch(name) && name == name.ToLowerInvariant();

    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex NamePattern();

    /// <summary>
    /// A normalised text of a command list, equal for the list the bot declares and the list Discord returns
    /// when they mean the same: order of commands, absent-versus-default fields, ids, versions and number
    /// formatting do not count.
    /// </summary>
    internal static string Canonical(IEnumerable<ApplicationCommandPayload> commands)
    {
        var text = new StringBuilder();
        foreach (var command in commands.OrderBy(command => command.Type ?? 1).ThenBy(command => command.Name, StringComparer.Ordinal))
        {
            text.Append("command ").Append(command.Type ?? 1).Append(' ').Append(command.Name)
                .Append(" | ").Append(command.Description ?? "")
                .Append(" | permissions ").Append(Scalar(command.DefaultMemberPermissions) ?? "none")
                .Append(" | contexts ").Append(command.Contexts is null ? "default" : string.Join(",", command.Contexts.Order()))
                .Append('\n');
            AppendOptions(text, command.Options, 1);
        }

        return text.ToString();
    }

    private static void AppendOptions(StringBuilder text, IReadOnlyList<CommandOptionPayload>? options, int depth)
    {
        foreach (var option in options ?? [])
        {
            text.Append(' ', depth * 2).Append(option.Type).Append(' ').Append(option.Name)
                .Append(" | ").Append(option.Description)
                .Append(" | required ").Append(option.Required ?? false)
                .Append(" | autocomplete ").Append(option.Autocomplete ?? false)
                .Append(" | length ").Append(option.MinLength).Append('-').Append(option.MaxLength)
                .Append(" | value ").Append(Scalar(option.MinValue)).Append('-').Append(Scalar(option.MaxValue))
                .Append(" | choices ").AppendJoin(";", (option.Choices ?? []).Select(choice => $"{choice.Name}={Scalar(choice.Value)}"))
                .Append('\n');
            AppendOptions(text, option.Options, depth + 1);
        }
    }

    /// <summary>Strings and numbers alike as invariant text, so <c>"32"</c> equals <c>32</c> and <c>1.0</c> equals <c>1</c>.</summary>
    private static string? Scalar(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
