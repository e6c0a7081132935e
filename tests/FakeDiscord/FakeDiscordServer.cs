using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FakeDiscord;

/// <summary>
/// A loopback Discord API v10 for tests: REST under <see cref="ApiBaseUrl"/>, the gateway at <see cref="GatewayUrl"/>,
/// strict where Discord is strict. Everything it rejected is in <see cref="Violations"/>.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ViolationLog _violations;
    private readonly RequestLog _requests;
    private readonly RestApi _rest;
    private readonly InteractionStore _interactions;
    private readonly Lock _messagesGate = new();
    private readonly List<RecordedMessage> _messages = [];
    private int _port;

    private FakeDiscordServer(FakeDiscordOptions options)
    {
        Options = options;
        _interactions = new InteractionStore(options.HistoryLimit);
        _violations = new ViolationLog(options.Token);
        _requests = new RequestLog(options.Token, options.HistoryLimit);
        Gateway = new FakeGateway(options, _violations, () => ResumeGatewayUrl);
        Cdn = new FakeCdn(() => _port);
        RateLimits = new RateLimits(options, _violations);
        Commands = new CommandStore(options.ApplicationId);
        _rest = new RestApi(this);

        // An empty builder: no appsettings.json, environment or logging providers from the test's working directory,
        // so the emulator stays quiet and cannot pick up the bot's Kestrel settings.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
        {
            Connections.OnOpened();
            try
            {
                await next(connection);
            }
            finally
            {
                Connections.OnClosed();
            }
        })));
        builder.Services.AddLogging();
        _app = builder.Build();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        _app.Run(HandleAsync);
    }

    public FakeDiscordOptions Options { get; }

    /// <summary>e.g. <c>http://127.0.0.1:5123/api/v10</c>; give it to the bot as <c>Discord:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => $"http://127.0.0.1:{_port}/api/v10";

    /// <summary>The <c>url</c> of <c>GET /gateway/bot</c>; the bot appends <c>/?v=10&amp;encoding=json</c>.</summary>
    public string GatewayUrl => $"ws://127.0.0.1:{_port}/gateway";

    /// <summary>READY's <c>resume_gateway_url</c>: a different path, so a bot that resumes on the wrong URL is caught.</summary>
    public string ResumeGatewayUrl => $"ws://127.0.0.1:{_port}/gateway-resume";

    public FakeGateway Gateway { get; }

    /// <summary>Discord's CDN: upload attachments here, give <see cref="FakeCdn.BaseUrl"/> to the bot as <c>Discord:CdnBaseUrl</c>.</summary>
    public FakeCdn Cdn { get; }

    public RateLimits RateLimits { get; }

    public CommandStore Commands { get; }

    /// <summary>Switches that make the REST side misbehave (<see cref="RestFaults"/>); none is set by default.</summary>
    public RestFaults Faults { get; } = new();

    /// <summary>The TCP connections the bot opened to the emulator, REST and gateway.</summary>
    public ConnectionCounter Connections { get; } = new();

    /// <summary>Every request or payload the emulator rejected, as Discord would have; a well-behaved bot leaves this empty.</summary>
    public IReadOnlyList<string> Violations => _violations.Snapshot();

    /// <summary>Request bodies checked against the OpenAPI schema, and those left to the sample (<see cref="FakeDiscordOptions.SchemaValidationEvery"/>).</summary>
    public (long Validated, long Skipped) SchemaValidations => (_rest.Schemas.Validated, _rest.Schemas.Skipped);

    /// <summary>Every HTTP request the bot made, token redacted.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.Snapshot();

    /// <summary>Every message body Discord accepted: callback data, @original edits and follow-ups.</summary>
    public IReadOnlyList<RecordedMessage> Messages
    {
        get
        {
            lock (_messagesGate)
            {
                return [.. _messages];
            }
        }
    }

    internal InteractionStore Interactions => _interactions;

    internal ViolationLog ViolationLog => _violations;

    internal RequestLog RequestLog => _requests;

    public static async Task<FakeDiscordServer> StartAsync(FakeDiscordOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Loading the 1 MB spec and compiling the schemas takes a second or two; start it now, not on the bot's first callback.
        _ = Task.Run(OpenApiSchemas.Warm, cancellationToken);
        var server = new FakeDiscordServer(options ?? new FakeDiscordOptions());
        await server._app.StartAsync(cancellationToken);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server._port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        // Upgraded WebSocket requests would hold Kestrel's graceful stop open until its timeout.
        await Gateway.CloseAllAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _endpointClient.Dispose();
        _signer.Dispose();
    }

    /// <summary>The bot's user object (docs/resources--user.mdx), as in READY and <c>GET /users/@me</c>.</summary>
    internal static JsonObject BotUser(FakeDiscordOptions options) => new()
    {
        ["id"] = options.ApplicationId.ToString(CultureInfo.InvariantCulture),
        ["username"] = options.BotUsername,
        ["discriminator"] = "0",
        ["global_name"] = null,
        ["avatar"] = null,
        ["bot"] = true,
        ["system"] = false,
        ["mfa_enabled"] = true,
        ["verified"] = true,
        ["email"] = null,
        ["flags"] = 0,
        ["public_flags"] = 0,
    };

    internal void RecordMessage(RecordedMessage message)
    {
        lock (_messagesGate)
        {
            _messages.Add(message);
            TrimOldest(_messages, Options.HistoryLimit);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/gateway", StringComparison.Ordinal))
        {
            await Gateway.HandleAsync(context, isResumeUrl: path.StartsWith("/gateway-resume", StringComparison.Ordinal));
            return;
        }

        if (path.StartsWith("/cdn/", StringComparison.Ordinal))
        {
            await Cdn.HandleAsync(context, path);
            return;
        }

        var time = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var segments = RestApi.RouteSegments(path);
        try
        {
            if (!await Faults.TryAnswerAsync(context, segments))
            {
                await _rest.HandleAsync(context, path, body);
                if (Faults.DelayFor(context.Request.Method, segments) is { } delay && delay > TimeSpan.Zero)
                {
                    // Handled (and recorded) on arrival; only the answer is late, so the bot's connection stays busy.
                    await Task.Delay(delay, context.RequestAborted);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // An emulator bug must fail the test loudly, not look like a Discord outage the bot should retry.
            _violations.Add($"emulator fault on {context.Request.Method} {path}: {ex}");
            await DiscordErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, 0, "500: Internal Server Error (emulator fault)");
        }
        finally
        {
            _requests.Add(time, context, body);
        }
    }

    /// <summary>
    /// <see cref="FakeDiscordOptions.HistoryLimit"/>: once a list holds a quarter more than the limit, the oldest go in one
    /// move, so trimming costs little per entry.
    /// </summary>
    internal static void TrimOldest<T>(List<T> entries, int? limit)
    {
        if (limit is { } keep && entries.Count > keep + Math.Max(keep / 4, 1))
        {
            entries.RemoveRange(0, entries.Count - keep);
        }
    }
}
