using Bot.Discord.Configuration;
using Bot.Discord.Hosting;
using Microsoft.Extensions.Hosting;

namespace Bot.Hosting;

public static class DiscordHostingExtensions
{
    /// <summary>
    /// Connects the bot to Discord: the gateway client from Bot.Discord, serving the commands the host
    /// registered (<c>AddBotCommands</c>). Everything Discord-specific stays behind that one call, so another
    /// client library would change Bot.Discord and not the commands.
    /// </summary>
    public static HostApplicationBuilder AddDiscord(this HostApplicationBuilder builder)
    {
        SettingsCheck.Require(builder.Configuration, (DiscordOptions.SectionName, typeof(DiscordOptions)));
        builder.Services.AddDiscordGateway(builder.Configuration);
        return builder;
    }
}
