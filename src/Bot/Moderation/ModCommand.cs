using Bot.Answering;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Storage;
using Microsoft.Extensions.Logging;

namespace Bot.Moderation;

/// <summary>
/// <c>/mod …</c>: the moderators' controls, hidden from members by <c>default_member_permissions</c> (Manage Server)
/// and re-checked here on every use. Replies are private. The work is in <see cref="ModerationService"/> and
/// <see cref="ModerationReports"/>; this class reads the options and says who may do what.
/// </summary>
public sealed class ModCommand(
    ModerationState state,
    ModerationService moderation,
    ModerationReports reports,
    ArticleService articles,
    KnowledgeProvider knowledge,
    IChangeFeed changes,
    ILogger<ModCommand> logger) : IBotCommand
{
    public const string Name = "mod";

    /// <summary>A reply slower than this is deferred (privately) so the 3-second deadline never makes it public.</summary>
    private static readonly TimeSpan s_deferAfter = TimeSpan.FromSeconds(1.5);

    public CommandDefinition Definition { get; } = new(
        Name,
        "Moderate the bot in this server: articles, channels, blocks, cooldown, aliases, reports.",
        [
            Group("channels", "Where the bot answers", [
                Sub("allow", "Answer in this channel (once any is allowed, only in allowed ones)", [Channel(), Reason()]),
                Sub("deny", "Never answer in this channel", [Channel(), Reason()]),
                Sub("list", "Show where the bot answers", []),
                Sub("reset", "Answer in every channel again", [Reason()]),
            ]),
            Sub("block", "Stop a member from using the bot here", [User(), Reason()]),
            Sub("unblock", "Let a blocked member use the bot again", [User(), Reason()]),
            Sub("blocked", "List the blocked members", []),
            Sub("cooldown", "Show or set how often each member may ask", [
                new CommandOptionDefinition("seconds", "Seconds between questions; 0 for none", CommandOptionType.Integer, MinValue: 0, MaxValue: ModerationLimits.MaxCooldownSeconds),
                Reason(),
            ]),
            Sub("visibility", "Show or set whether answers are public or private by default", [
                new CommandOptionDefinition("mode", "Default for answers in this server", CommandOptionType.String, Choices: [new("public", "public"), new("private", "private")]),
                Reason(),
            ]),
            Group("aliases", "Words the members use for what the articles say", [
                Sub("add", "Teach the bot an alias, effective at once", [
                    new CommandOptionDefinition("term", "What members write, e.g. rocket man", CommandOptionType.String, Required: true, MaxLength: ModerationLimits.MaxTermLength),
                    new CommandOptionDefinition("means", "What the articles write, e.g. kim jong un", CommandOptionType.String, Required: true, MaxLength: ModerationLimits.MaxMeansLength),
                    Reason(),
                ]),
                Sub("remove", "Forget an alias", [
                    new CommandOptionDefinition("term", "The alias's term", CommandOptionType.String, Required: true, Autocomplete: true, MaxLength: ModerationLimits.MaxTermLength),
                    Reason(),
                ]),
                Sub("list", "Show this server's aliases", []),
            ]),
            Group("articles", "This server's own articles", [
                Sub("add", "Add an article from a file: plain text, Markdown, or a web page saved as HTML", [
                    new CommandOptionDefinition("file", "The article file (.txt, .md or .html)", CommandOptionType.Attachment, Required: true),
                    new CommandOptionDefinition("title", "The title, if the file's is wrong or missing", CommandOptionType.String, MaxLength: ArticleExtractor.MaxTitleLength),
                    new CommandOptionDefinition("publisher", "Who published it", CommandOptionType.String, MaxLength: 100),
                    new CommandOptionDefinition("date", "When it was published", CommandOptionType.String, MaxLength: 40),
                    new CommandOptionDefinition("url", "Where it was published", CommandOptionType.String, MaxLength: 500),
                    Reason(),
                ]),
                Sub("list", "Show this server's articles", []),
                Sub("show", "Outline one of this server's articles", [Article()]),
                Sub("remove", "Remove one of this server's articles, effective at once", [Article(), Reason()]),
                Sub("shipped", "Whether the articles shipped with the bot answer here too", [
                    new CommandOptionDefinition("mode", "on (the default) or off", CommandOptionType.String, Required: true, Choices: [new("on", "on"), new("off", "off")]),
                    Reason(),
                ]),
            ]),
            Sub("gaps", "Questions the bot could not answer, and answers marked 👎", [Days("How many days back (default 30)")]),
            Sub("stats", "Questions, answers and feedback over a period", [Days("How many days back (default 7)")]),
            Sub("log", "Who changed what, when, and why", [
                new CommandOptionDefinition("count", "How many entries (default 10)", CommandOptionType.Integer, MinValue: 1, MaxValue: ModerationLimits.MaxLogLines),
            ]),
            Sub("reload", "Reload the knowledge file; a bad file is refused", [Reason()]),
            Group("role", "A role whose members may use /mod", [
                Sub("set", "Members with this role may use /mod", [new CommandOptionDefinition("role", "The moderator role", CommandOptionType.Role, Required: true), Reason()]),
                Sub("clear", "Only Manage Server and Administrator may use /mod", [Reason()]),
                Sub("show", "Show the moderator role", []),
            ]),
        ],
        DefaultMemberPermissions: Permissions.ManageGuild);

    /// <summary>Every /mod reply is private, so a deferral made on its behalf is private too.</summary>
    public bool RepliesPrivately(Interaction interaction) => true;

    public async Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var moderator = await ModeratorAsync(context.Interaction, cancellationToken);
        var path = string.Join(' ', context.Interaction.SubcommandPath);
        if (path == "articles add")
        {
            // Downloading, extracting and rebuilding can pass Discord's 3 seconds: defer (privately) at once.
            await context.DeferAsync(ephemeral: true, cancellationToken);
            await context.RespondAsync(Text(await AddArticleAsync(moderator, context.Interaction, cancellationToken)), cancellationToken);
            return;
        }

        if (path == "reload")
        {
            await context.DeferAsync(ephemeral: true, cancellationToken);
            await context.RespondAsync(await ReloadAsync(moderator, context.Interaction.GetString("reason"), cancellationToken), cancellationToken);
            return;
        }

        var work = RunAsync(moderator, path, context.Interaction, cancellationToken);
        if (await Task.WhenAny(work, Task.Delay(s_deferAfter, cancellationToken)) != work)
        {
            await context.DeferAsync(ephemeral: true, cancellationToken);
        }

        await context.RespondAsync(await work, cancellationToken);
    }

    /// <summary>Suggests the server's alias terms for <c>/mod aliases remove</c> and its articles for <c>/mod articles show|remove</c>, to moderators only.</summary>
    public async Task AutocompleteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        if (interaction.GuildId is not { } guildId)
        {
            await context.AutocompleteAsync([], cancellationToken);
            return;
        }

        var settings = await state.GetAsync(guildId, cancellationToken);
        if (interaction.FocusedOption?.Name == "article")
        {
            await context.AutocompleteAsync(
                Moderators.IsModerator(interaction.Member, settings) ? await articles.SuggestAsync(guildId, interaction.FocusedOption.Value ?? string.Empty, cancellationToken) : [],
                cancellationToken);
            return;
        }

        var typed = AliasText.Normalize(interaction.FocusedOption?.Value ?? string.Empty);
        var choices = !Moderators.IsModerator(interaction.Member, settings)
            ? []
            : settings.Aliases
                .Where(alias => alias.Term.Contains(typed, StringComparison.Ordinal))
                .OrderBy(alias => alias.Term.StartsWith(typed, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(alias => alias.Term, StringComparer.Ordinal)
                .Take(25)
                .Select(alias => new AutocompleteChoice(DiscordMarkdown.Truncate($"{alias.Term} → {alias.Means}", 100), alias.Term))
                .ToList();
        await context.AutocompleteAsync(choices, cancellationToken);
    }

    private async Task<MessageReply> RunAsync(Moderator moderator, string path, Interaction interaction, CancellationToken cancellationToken)
    {
        var reason = Reason(interaction);
        var settings = moderator.Settings;
        return path switch
        {
            "channels allow" => Text(await moderation.AllowChannelAsync(moderator, RequiredId(interaction, "channel"), reason, cancellationToken)),
            "channels deny" => Text(await moderation.DenyChannelAsync(moderator, RequiredId(interaction, "channel"), reason, cancellationToken)),
            "channels list" => Text(ModerationService.ChannelsSummary(settings)),
            "channels reset" => Text(await moderation.ResetChannelsAsync(moderator, reason, cancellationToken)),
            "block" => Text(await moderation.BlockAsync(moderator, RequiredId(interaction, "user"), reason, cancellationToken)),
            "unblock" => Text(await moderation.UnblockAsync(moderator, RequiredId(interaction, "user"), reason, cancellationToken)),
            "blocked" => ModerationReports.Blocked(settings),
            "cooldown" => interaction.GetInteger("seconds") is { } seconds
                ? Text(await moderation.SetCooldownAsync(moderator, (int)Math.Clamp(seconds, -1, ModerationLimits.MaxCooldownSeconds + 1), reason, cancellationToken))
                : Text(ModerationService.CooldownSummary(settings.CooldownSeconds)),
            "visibility" => interaction.GetString("mode") switch
            {
                "private" => Text(await moderation.SetVisibilityAsync(moderator, privately: true, reason, cancellationToken)),
                "public" => Text(await moderation.SetVisibilityAsync(moderator, privately: false, reason, cancellationToken)),
                _ => Text(ModerationService.VisibilitySummary(settings.PrivateReplies)),
            },
            "aliases add" => Text(await moderation.AddAliasAsync(moderator, interaction.GetString("term") ?? string.Empty, interaction.GetString("means") ?? string.Empty, reason, cancellationToken)),
            "aliases remove" => Text(await moderation.RemoveAliasAsync(moderator, interaction.GetString("term") ?? string.Empty, reason, cancellationToken)),
            "aliases list" => ModerationReports.Aliases(settings),
            "articles list" => await articles.ListAsync(moderator.GuildId, cancellationToken),
            "articles show" => await articles.ShowAsync(moderator.GuildId, interaction.GetString("article") ?? string.Empty, cancellationToken),
            "articles remove" => Text(await articles.RemoveAsync(moderator, interaction.GetString("article") ?? string.Empty, reason, cancellationToken)),
            "articles shipped" => interaction.GetString("mode") switch
            {
                "on" => Text(await articles.SetShippedAsync(moderator, on: true, reason, cancellationToken)),
                "off" => Text(await articles.SetShippedAsync(moderator, on: false, reason, cancellationToken)),
                _ => throw new UserFacingException("Say on or off: /mod articles shipped mode: on."),
            },
            "gaps" => await reports.GapsAsync(moderator.GuildId, Days(interaction, 30), cancellationToken),
            "stats" => await reports.StatsAsync(moderator.GuildId, Days(interaction, 7), cancellationToken),
            "log" => await reports.AuditLogAsync(moderator.GuildId, (int)Math.Clamp(interaction.GetInteger("count") ?? 10, 1, ModerationLimits.MaxLogLines), cancellationToken),
            "role set" => Text(await moderation.SetModeratorRoleAsync(moderator, RequiredId(interaction, "role"), reason, cancellationToken)),
            "role clear" => Text(await moderation.ClearModeratorRoleAsync(moderator, reason, cancellationToken)),
            "role show" => Text(settings.ModeratorRoleId is { } role
                ? $"Members with <@&{role}> can use /mod, as can everyone with Manage Server or Administrator."
                : "There is no moderator role: members with Manage Server or Administrator can use /mod."),
            _ => throw new UserFacingException("I don't know that /mod command. Type /mod to see them."),
        };
    }

    /// <summary>
    /// Reloads the knowledge file off the interaction's thread (a big corpus takes a while). A bad file is refused with
    /// its reason and the previous knowledge keeps answering (<see cref="KnowledgeProvider.Reload"/>).
    /// </summary>
    private async Task<MessageReply> ReloadAsync(Moderator moderator, string? reason, CancellationToken cancellationToken)
    {
        string previous;
        try
        {
            previous = knowledge.Current.Version;
        }
        catch (KnowledgeFileException)
        {
            previous = "none";
        }

        try
        {
            var loaded = await Task.Run(knowledge.Reload, cancellationToken);
            await moderation.RecordAsync(moderator, "reload", $"knowledge {loaded.Version} ({Describe.Count(loaded.Articles.Count, "article")})", reason, cancellationToken);

            // Every other process sharing the database reloads its own copy of the file too (KnowledgeReloadFollower).
            await changes.PublishAsync(new StoredChange.KnowledgeReloaded(), cancellationToken);
            return Text($"Reloaded: now answering from knowledge {loaded.Version} with {Describe.Count(loaded.Articles.Count, "article")} and {Describe.Count(loaded.Passages.Count, "passage")} (was {previous}).");
        }
        catch (KnowledgeFileException problem)
        {
            logger.LogWarning("Reload refused for {ModeratorId} in {GuildId}: {Reason}", moderator.User.Id, moderator.GuildId, problem.Message);
            await moderation.RecordAsync(moderator, "reload refused", DiscordMarkdown.Question(problem.Message, 300), reason, cancellationToken);
            return Text($"The knowledge file was refused: {DiscordMarkdown.Question(problem.Message, 1200)}\nThe previous knowledge ({previous}) keeps answering. Fix the file and run /mod reload again.");
        }
    }

    private Task<string> AddArticleAsync(Moderator moderator, Interaction interaction, CancellationToken cancellationToken) =>
        articles.AddAsync(
            moderator,
            interaction.GetAttachment("file"),
            new ArticleMetadata(interaction.GetString("title"), interaction.GetString("publisher"), interaction.GetString("date"), interaction.GetString("url")),
            Reason(interaction),
            cancellationToken);

    /// <summary>The invoking member, if they moderate this server. /mod works only in servers.</summary>
    private async Task<Moderator> ModeratorAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.GuildId is not { } guildId || interaction.Member is not { } member)
        {
            throw new UserFacingException("/mod works only in a server.");
        }

        var settings = await state.GetAsync(guildId, cancellationToken);
        if (!Moderators.IsModerator(member, settings))
        {
            throw new UserFacingException(settings.ModeratorRoleId is { } role
                ? $"Only moderators can use /mod: members with Manage Server, Administrator or <@&{role}>."
                : "Only moderators can use /mod: members with Manage Server or Administrator.");
        }

        return new Moderator(guildId, interaction.User, member, settings);
    }

    private static string? Reason(Interaction interaction)
    {
        var reason = interaction.GetString("reason")?.Trim();
        return string.IsNullOrEmpty(reason) ? null : DiscordMarkdown.Truncate(reason, ModerationLimits.MaxReasonLength);
    }

    private static Snowflake RequiredId(Interaction interaction, string option) =>
        Snowflake.TryParse(interaction.GetString(option), out var id) ? id : throw new UserFacingException($"Choose a {option}.");

    private static int Days(Interaction interaction, int defaultDays) =>
        (int)Math.Clamp(interaction.GetInteger("days") ?? defaultDays, 1, ModerationLimits.MaxReportDays);

    private static MessageReply Text(string text) => MessageReply.Text(text, ephemeral: true);

    private static CommandOptionDefinition Group(string name, string description, IReadOnlyList<CommandOptionDefinition> subcommands) =>
        new(name, description, CommandOptionType.SubCommandGroup, Options: subcommands);

    private static CommandOptionDefinition Sub(string name, string description, IReadOnlyList<CommandOptionDefinition> options) =>
        new(name, description, CommandOptionType.SubCommand, Options: options);

    private static CommandOptionDefinition Article() =>
        new("article", "The article's id", CommandOptionType.String, Required: true, Autocomplete: true, MaxLength: 100);

    private static CommandOptionDefinition Channel() => new("channel", "The channel", CommandOptionType.Channel, Required: true);

    private static CommandOptionDefinition User() => new("user", "The member", CommandOptionType.User, Required: true);

    private static CommandOptionDefinition Reason() =>
        new("reason", "Why (kept in the audit log)", CommandOptionType.String, MaxLength: ModerationLimits.MaxReasonLength);

    private static CommandOptionDefinition Days(string description) =>
        new("days", description, CommandOptionType.Integer, MinValue: 1, MaxValue: ModerationLimits.MaxReportDays);
}
