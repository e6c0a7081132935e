using Bot.Answering;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Moderation;
using Bot.Storage;
using Bot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Moderation;

/// <summary>
/// The host's commands, guards and storage wired as the program wires them, on a fresh SQLite file in a temp folder
/// (or on the database the given <c>Storage:*</c> settings point at: several harnesses on one are several processes),
/// driven with interactions built by hand and a clock the test moves.
/// </summary>
internal sealed class ModerationHarness : IAsyncDisposable
{
    public static readonly Snowflake Guild = new(290_926_798_626_357_999);
    public static readonly Snowflake General = new(645_027_906_669_510_667);
    public static readonly Snowflake ModeratorRole = new(777_000_000_000_000_001);
    public static readonly Snowflake OtherRole = new(777_000_000_000_000_002);

    private static long s_lastInteractionId;

    private readonly List<IHostedService> _started = [];
    private readonly ServiceProvider _services;
    private bool _ownsFolder = true;

    private readonly IReadOnlyDictionary<string, string?>? _storage;
    private readonly string? _knowledgePath;

    /// <param name="storage">Storage settings over the default SQLite file (a PostgreSQL connection, say).</param>
    /// <param name="knowledgePath">The knowledge file the bot loads; the repository's own by default.</param>
    public ModerationHarness(IReadOnlyDictionary<string, string?>? storage = null, string? knowledgePath = null)
        : this(Directory.CreateTempSubdirectory("bot-moderation-").FullName, storage, knowledgePath)
    {
    }

    private ModerationHarness(string folder, IReadOnlyDictionary<string, string?>? storage, string? knowledgePath)
    {
        Folder = folder;
        _storage = storage;
        _knowledgePath = knowledgePath;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(folder, "data", "bot.db"),
            ["Knowledge:Path"] = knowledgePath ?? RepositoryPaths.KnowledgeFile,
        };
        foreach (var (key, value) in storage ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Log));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        services.AddKnowledge(configuration);
        services.AddStorage(configuration);
        services.AddModeration(configuration);
        services.AddBotCommands();
        _services = services.BuildServiceProvider();
    }

    public string Folder { get; }

    /// <summary>The database file, in <see cref="Folder"/>.</summary>
    public string DatabasePath => Path.Combine(Folder, "data", "bot.db");

    /// <summary>Everything the services logged.</summary>
    public LogLines Log { get; } = new();

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _services;

    /// <summary>Starts the hosted services (migrations, the change feed, retention), as the host does at start.</summary>
    public async Task StartAsync()
    {
        foreach (var service in Services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    public static InteractionMember Member(ulong id, ulong permissions = 0, params Snowflake[] roles) =>
        new(new InteractionUser(new Snowflake(id), $"user{id}"), roles, permissions);

    public static InteractionMember ServerModerator { get; } = Member(1, Permissions.ManageGuild);

    public static InteractionMember RoleModerator { get; } = Member(2, 0, ModeratorRole);

    public static InteractionMember Ordinary { get; } = Member(3);

    public static CommandOptionValue Sub(string name, params CommandOptionValue[] options) => new(name, CommandOptionType.SubCommand, null, false, options);

    public static CommandOptionValue Group(string name, string subcommand, params CommandOptionValue[] options) =>
        new(name, CommandOptionType.SubCommandGroup, null, false, [Sub(subcommand, options)]);

    public static CommandOptionValue Option(string name, CommandOptionType type, string value) => new(name, type, value, false, []);

    /// <summary>Routes a slash command from <paramref name="member"/> through the router (guards included) and returns what they saw.</summary>
    public async Task<MessageReply> SendAsync(InteractionMember member, string command, params CommandOptionValue[] options)
    {
        var interaction = new Interaction(
            new Snowflake((ulong)Interlocked.Increment(ref s_lastInteractionId)), new Snowflake(2), InteractionKind.ApplicationCommand, "token", Guild, General, member.User, member, "en-US", command, CommandKind.ChatInput, options);
        var context = new RecordingContext(interaction);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Services.GetRequiredService<CommandRouter>().HandleAsync(context, timeout.Token);
        return Assert.Single(context.Replies);
    }

    public Task<MessageReply> ModAsync(InteractionMember member, CommandOptionValue subcommand) => SendAsync(member, "mod", subcommand);

    /// <summary>
    /// <c>/mod articles add</c> with <paramref name="path"/> as the upload: without Discord the bot reads an attachment's
    /// <c>file:</c> URL, as the console session does.
    /// </summary>
    public async Task<MessageReply> AddArticleAsync(InteractionMember member, string path, Snowflake? guild = null, params CommandOptionValue[] options)
    {
        var attachment = new InteractionAttachment(new Snowflake(42), Path.GetFileName(path), new Uri(Path.GetFullPath(path)).AbsoluteUri, new FileInfo(path).Length, null);
        var interaction = new Interaction(
            new Snowflake((ulong)Interlocked.Increment(ref s_lastInteractionId)), new Snowflake(2), InteractionKind.ApplicationCommand, "token", guild ?? Guild, General, member.User, member, "en-US", "mod", CommandKind.ChatInput,
            [Group("articles", "add", [Option("file", CommandOptionType.Attachment, "42"), .. options])],
            Attachments: new Dictionary<Snowflake, InteractionAttachment> { [attachment.Id] = attachment });
        var context = new RecordingContext(interaction);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Services.GetRequiredService<CommandRouter>().HandleAsync(context, timeout.Token);
        return Assert.Single(context.Replies);
    }

    /// <summary>Routes a slash command in <paramref name="guild"/>.</summary>
    public async Task<MessageReply> SendInAsync(Snowflake? guild, InteractionMember member, string command, params CommandOptionValue[] options)
    {
        var interaction = new Interaction(
            new Snowflake((ulong)Interlocked.Increment(ref s_lastInteractionId)), new Snowflake(2), InteractionKind.ApplicationCommand, "token", guild, General, member.User, guild is null ? null : member, "en-US", command, CommandKind.ChatInput, options);
        var context = new RecordingContext(interaction);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Services.GetRequiredService<CommandRouter>().HandleAsync(context, timeout.Token);
        return Assert.Single(context.Replies);
    }

    public Task<MessageReply> AskAsync(InteractionMember member, string question) =>
        SendAsync(member, "ask", Option("question", CommandOptionType.String, question));

    /// <summary>
    /// Stops this bot, as a restart would, and starts a new one with the same settings on the same database (whose folder
    /// it then owns).
    /// </summary>
    public async Task<ModerationHarness> RestartAsync()
    {
        await StopStartedAsync();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ownsFolder = false;
        return new ModerationHarness(Folder, _storage, _knowledgePath);
    }

    public async ValueTask DisposeAsync()
    {
        await StopStartedAsync();
        await _services.DisposeAsync();

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsFolder)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private async Task StopStartedAsync()
    {
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.StopAsync(CancellationToken.None);
        }

        _started.Clear();
    }

    /// <summary>Keeps every reply; deferrals are remembered by the reply that follows.</summary>
    private sealed class RecordingContext(Interaction interaction) : IInteractionContext
    {
        public List<MessageReply> Replies { get; } = [];

        public Interaction Interaction => interaction;

        public Task RespondAsync(MessageReply reply, CancellationToken cancellationToken = default) => Record(reply);

        public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UpdateMessageAsync(MessageReply reply, CancellationToken cancellationToken = default) => Record(reply);

        public Task DeferUpdateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task AutocompleteAsync(IReadOnlyList<AutocompleteChoice> choices, CancellationToken cancellationToken = default) =>
            Record(MessageReply.Text(string.Join("\n", choices.Select(choice => choice.Value))));

        public Task FollowUpAsync(MessageReply reply, CancellationToken cancellationToken = default) => Record(reply);

        public Task DeleteOriginalAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        private Task Record(MessageReply reply)
        {
            Replies.Add(reply);
            return Task.CompletedTask;
        }
    }
}

/// <summary>A clock that moves only when the test says so.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
