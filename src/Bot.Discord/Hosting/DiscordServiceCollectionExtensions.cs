using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Gateway;
using Bot.Discord.HttpInteractions;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Hosting;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the REST client uses.</summary>
    public const string HttpClientName = "Discord";

    /// <summary>The name of the <see cref="HttpClient"/> that downloads attachments from the CDN.</summary>
    public const string CdnHttpClientName = "DiscordCdn";

    /// <summary>
    /// Registers the Discord client: <see cref="DiscordOptions"/> from the <c>Discord</c> section (validated at
    /// start), the REST client, the gateway's shards or (<c>Discord:Mode = http</c>) the HTTP interactions endpoint, and
    /// <see cref="DiscordBotService"/>, which connects and runs until the host stops. The host registers its <c>IInteractionHandler</c> and <c>ICommandCatalog</c>.
    /// <see cref="IDiscordConnectionState"/> tells how the connection stands.
    /// </summary>
    public static IServiceCollection AddDiscordGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);

        // One long-lived HttpClient for singletons; pooled connections are recycled so DNS changes are seen, and bounded.
        services.AddHttpClient(HttpClientName, client => client.Timeout = DiscordRestClient.AnswerTimeout)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = provider.GetRequiredService<IOptions<DiscordOptions>>().Value.MaxRestConnections,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        // Attachments come from Discord's CDN only, on a client of their own: no redirects, a short timeout, no token.
        services.AddHttpClient(CdnHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.Replace(ServiceDescriptor.Singleton<IAttachmentDownloader>(provider => new CdnAttachmentDownloader(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(CdnHttpClientName),
            provider.GetRequiredService<IOptions<DiscordOptions>>())));

        services.TryAddSingleton<RestRateLimiter>();
        services.TryAddSingleton(provider => new DiscordRestClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<DiscordOptions>>(),
            provider.GetRequiredService<RestRateLimiter>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DiscordRestClient>>()));

        services.TryAddSingleton<DiscordConnectionState>();
        services.TryAddSingleton<IDiscordConnectionState>(provider => provider.GetRequiredService<DiscordConnectionState>());
        services.TryAddSingleton<InteractionDispatcher>();
        services.TryAddSingleton<IInteractionSink>(provider => provider.GetRequiredService<InteractionDispatcher>());
        services.TryAddSingleton<IGatewayTransportFactory, WebSocketGatewayTransportFactory>();
        services.TryAddSingleton<IGatewaySessionStore, InProcessGatewaySessions>();
        services.TryAddSingleton(provider => new ShardedGateway(
            provider.GetRequiredService<IGatewayTransportFactory>(),
            provider.GetRequiredService<DiscordRestClient>(),
            provider.GetRequiredService<IInteractionSink>(),
            provider.GetRequiredService<DiscordConnectionState>(),
            provider.GetRequiredService<IOptions<DiscordOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>(),
            sessions: provider.GetRequiredService<IGatewaySessionStore>()));
        services.TryAddSingleton<InteractionsEndpoint>();

        // Discord:Mode picks how interactions arrive: the gateway's shards, or Discord's POSTs to the HTTP endpoint.
        services.TryAddSingleton<IDiscordConnection>(provider => provider.GetRequiredService<IOptions<DiscordOptions>>().Value.IsHttpMode
            ? provider.GetRequiredService<InteractionsEndpoint>()
            : provider.GetRequiredService<ShardedGateway>());
        services.TryAddSingleton<CommandPublisher>();
        services.AddHostedService<DiscordBotService>();
        return services;
    }
}
