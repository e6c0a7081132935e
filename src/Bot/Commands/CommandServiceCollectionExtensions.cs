using Bot.Discord.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Commands;

public static class CommandServiceCollectionExtensions
{
    /// <summary>Registers each command explicitly (no assembly scanning) and the router that serves Discord and the console alike.</summary>
    public static IServiceCollection AddBotCommands(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReplyPreferences, PublicReplies>();
        services.AddSingleton<AskCommand>();
        services.AddSingleton<IBotCommand>(provider => provider.GetRequiredService<AskCommand>());
        services.AddSingleton<IBotCommand, AskAboutMessageCommand>();
        services.AddSingleton<IBotCommand, SourcesCommand>();
        services.AddSingleton<IBotCommand, QuoteCommand>();
        services.AddSingleton<IBotCommand, HelpCommand>();
        services.AddSingleton<IComponentHandler, FullPassageButton>();
        services.AddSingleton<IComponentHandler, MoreResultsButton>();
        services.AddSingleton<IComponentHandler, FeedbackButton>();
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<IInteractionHandler>(provider => provider.GetRequiredService<CommandRouter>());
        services.AddSingleton<ICommandCatalog>(provider => provider.GetRequiredService<CommandRouter>());
        return services;
    }
}
