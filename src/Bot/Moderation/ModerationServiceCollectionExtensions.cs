using Bot.Answering;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.LocalConsole;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Moderation;

public static class ModerationServiceCollectionExtensions
{
    /// <summary>
    /// Registers /mod, the guards the router runs before every command and button (blocked members, channel rules,
    /// cooldown, in that order), the server's reply visibility and the per-server aliases. Settings are stored through
    /// <c>AddStorage</c>, whose change feed brings other processes' changes (and their <c>/mod reload</c>) to this one.
    /// </summary>
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ModerationState>();
        services.AddSingleton<ModerationService>();
        services.AddSingleton<ModerationReports>();
        services.AddSingleton<GuildSearchers>();
        services.AddSingleton<GuildKnowledge>();
        services.AddSingleton<ArticleService>();

        // Without Discord (the console session, the tests) an "attachment" is a local file; Discord's client replaces this
        // with its CDN downloader, so a bot on Discord never reads a local path.
        services.TryAddSingleton<IAttachmentDownloader, LocalFileAttachments>();
        services.AddSingleton<IInteractionGuard, BlockedUserGuard>();
        services.AddSingleton<IInteractionGuard, ChannelGuard>();
        services.AddSingleton<IInteractionGuard, CooldownGuard>();
        services.Replace(ServiceDescriptor.Singleton<IReplyPreferences, ModeratedReplyPreferences>());
        services.AddSingleton<IBotCommand, ModCommand>();
        services.AddHostedService<KnowledgeReloadFollower>();
        services.AddHostedService<GuildKnowledgeWarmup>();
        return services;
    }
}
