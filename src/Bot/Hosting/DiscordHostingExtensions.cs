using Microsoft.Extensions.Hosting;

namespace Bot.Hosting;

public static class DiscordHostingExtensions
{
    /// <summary>Connects the bot to Discord: the gateway client from Bot.Discord, serving the commands registered by the host.</summary>
    public static HostApplicationBuilder AddDiscord(this HostApplicationBuilder builder)
    {
        // Wired to Bot.Discord's AddDiscordGateway once the client lands.
        return builder;
    }
}
