using Bot.Commands;
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
        services.AddSingleton<IInteractionGuard, BlockedUserGuard>();
        services.AddSingleton<IInteractionGuard, ChannelGuard>();
        services.AddSingleton<IInteractionGuard, CooldownGuard>();
        services.Replace(ServiceDescriptor.Singleton<IReplyPreferences, ModeratedReplyPreferences>());
        services.AddSingleton<IBotCommand, ModCommand>();
        services.AddHostedService<KnowledgeReloadFollower>();
        return services;
    }
}
