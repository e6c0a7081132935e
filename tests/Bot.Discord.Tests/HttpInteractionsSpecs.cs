using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bot.Discord.Abstractions;
using Bot.Discord.Gateway;
using Bot.Discord.Hosting;
using Bot.Discord.Tests.Support;
using FakeDiscord;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests;

/// <summary>
/// <c>Discord:Mode = http</c>: the client's interactions endpoint against the emulator, which POSTs signed interactions to
/// it as Discord does (docs/interactions--overview.mdx, docs/interactions--receiving-and-responding.mdx).
/// </summary>
public sealed class HttpInteractionsSpecs : IAsyncLifetime
{
    private readonly TestLogs logs = new();
    private readonly EchoHandler handler = new();
    private FakeDiscordServer discord = null!;
    private IHost host = null!;
    private Uri endpoint = null!;

    public async Task InitializeAsync()
    {
        discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { CommandRegistrationWait = TimeSpan.FromSeconds(5) });
        endpoint = new Uri($"http://127.0.0.1:{FreePort()}/interactions");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = discord.Options.Token,
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:GuildId"] = discord.Options.GuildId.ToString(CultureInfo.InvariantCulture),
            ["Discord:Mode"] = "http",
            ["Discord:PublicKey"] = discord.PublicKey,
            ["Discord:Http:Url"] = endpoint.ToString(),
        });
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddDiscordGateway(builder.Configuration);
        builder.Services.AddSingleton<IInteractionHandler>(handler);
        builder.Services.AddSingleton<ICommandCatalog>(handler);
        host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IDiscordConnectionState>().CommandsPublished.WaitAsync(TimeSpan.FromSeconds(10));
        discord.InteractionsEndpoint = endpoint;
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(timeout.Token);
        host.Dispose();
        await discord.DisposeAsync();
        Assert.DoesNotContain(logs.Lines, line => line.Contains(discord.Options.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_endpoint_answers_PING_with_PONG_and_a_forged_PING_with_401()
    {
        var ping = await discord.PingAsync();
        var forged = await discord.PingAsync(Signing.ForeignKey);

        Assert.Equal(new EndpointResponse(200, """{"type":1}"""), ping);
        Assert.Equal(401, forged.Status);
        Assert.Equal(GatewayStatus.Ready, host.Services.GetRequiredService<IDiscordConnectionState>().Status);
        Assert.Empty(host.Services.GetRequiredService<IDiscordConnectionState>().Shards);
    }

    [Fact]
    public async Task A_signed_command_is_answered_in_the_HTTP_response_and_no_callback_request_is_made()
    {
        var echo = await discord.SendSlashCommandAsync("echo", CommandOption.String("text", "hello @everyone"));
        var reply = await echo.WaitForOriginalAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(200, await echo.WaitForHttpStatusAsync());
        Assert.Equal("You said hello @everyone", reply.Content);
        Assert.Equal(4, echo.Callback!.Type);
        Assert.True(echo.Callback.Latency < TimeSpan.FromSeconds(3));
        Assert.All(discord.Messages, message => Assert.True(message.AllowedMentionsEmpty));
        Assert.DoesNotContain(discord.Requests, request => request.Path.Contains("/callback", StringComparison.Ordinal));
        Assert.Empty(discord.Violations);
    }

    [Theory]
    [InlineData(Signing.Missing)]
    [InlineData(Signing.Tampered)]
    [InlineData(Signing.ForeignKey)]
    [InlineData(Signing.Stale)]
    public async Task An_interaction_without_a_valid_fresh_signature_gets_401_and_never_reaches_a_handler(Signing signing)
    {
        discord.HttpSigning = signing;

        var echo = await discord.SendSlashCommandAsync("echo", CommandOption.String("text", "forged?"));

        Assert.Equal(401, await echo.WaitForHttpStatusAsync());
        Assert.Equal(0, handler.Calls);
        Assert.Null(echo.Callback);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task A_slow_handler_is_deferred_in_the_HTTP_response_and_its_answer_edited_in_through_the_webhook()
    {
        var slow = await discord.SendSlashCommandAsync("slow");
        var callback = await slow.WaitForCallbackAsync(TimeSpan.FromSeconds(5));
        var reply = await slow.WaitForOriginalAsync(TimeSpan.FromSeconds(10), minimumEdits: 1);

        Assert.Equal(5, callback.Type);
        Assert.True(callback.Latency < TimeSpan.FromSeconds(3), $"deferred after {callback.Latency.TotalMilliseconds} ms");
        Assert.Equal("Done at last", reply.Content);

        // The emulator logs a request once it has answered it, a moment after the edit it made is visible.
        for (var i = 0; i < 200 && !discord.Requests.Any(IsEditOfOriginal); i++)
        {
            await Task.Delay(10);
        }

        Assert.Contains(discord.Requests, IsEditOfOriginal);
        Assert.Empty(discord.Violations);
    }

    private static bool IsEditOfOriginal(FakeDiscord.RecordedRequest request) => request.Path.EndsWith("/messages/@original", StringComparison.Ordinal);

    [Fact]
    public async Task The_endpoint_takes_only_POSTs_to_its_path_and_bounded_bodies()
    {
        using var client = new HttpClient();

        var get = await client.GetAsync(endpoint);
        var elsewhere = await client.PostAsync(new Uri(endpoint, "/other"), new StringContent("{}"));
        var huge = await client.PostAsync(endpoint, new ByteArrayContent(new byte[300 * 1024]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>/echo answers at once; /slow takes longer than the automatic deferral waits.</summary>
    private sealed class EchoHandler : IInteractionHandler, ICommandCatalog
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public IReadOnlyList<CommandDefinition> Commands { get; } =
        [
            new("echo", "Says it back", [new CommandOptionDefinition("text", "What to say", CommandOptionType.String, Required: true)]),
            new("slow", "Takes its time", []),
        ];

        public async Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            if (context.Interaction.CommandName == "slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                await context.RespondAsync(MessageReply.Text("Done at last"), cancellationToken);
                return;
            }

            await context.RespondAsync(MessageReply.Text($"You said {context.Interaction.GetString("text")}"), cancellationToken);
        }

        public bool PrefersEphemeral(Interaction interaction) => false;
    }
}
