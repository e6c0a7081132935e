using Bot.Discord.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Commands;

public static class CommandServiceCollectionExtensions
{
    /// <summary>Registers each command explicitly (no assembly scanning) and the router that serves Discord and the console alike.</summary>
    public static IServiceCollection AddBotCommands(this IServiceCollection services)
    {
        services.AddSingleton<IBotCommand, AskCommand>();
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<IInteractionHandler>(provider => provider.GetRequiredService<CommandRouter>());
        services.AddSingleton<ICommandCatalog>(provider => provider.GetRequiredService<CommandRouter>());
        return services;
    }
}
