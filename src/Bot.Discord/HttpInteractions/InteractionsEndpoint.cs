using System.Net;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.HttpInteractions;

/// <summary>
/// <c>Discord:Mode = http</c>: instead of a gateway connection, a Kestrel endpoint at <c>Discord:Http:Url</c> that Discord
/// POSTs each interaction to (docs/interactions--overview.mdx, "Configuring an Interactions Endpoint URL"). Every
/// request's signature is checked (401 when it fails), PING gets PONG, and an interaction goes to the same
/// <see cref="InteractionDispatcher"/> as over the gateway: its first answer (a reply, a deferral after 2.5 s,
/// autocomplete choices) is the HTTP response, everything after it goes through the webhook routes. Nothing is kept
/// between requests, so any number of processes can stand behind one load balancer.
/// </summary>
internal sealed class InteractionsEndpoint(
    DiscordRestClient rest,
    InteractionDispatcher dispatcher,
    DiscordConnectionState state,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : IDiscordConnection
{
    /// <summary>Discord waits 3 s for the answer; the automatic deferral comes at 2.5 s, so this only bounds a stuck handler.</summary>
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(3.5);

    private static readonly byte[] Pong = """{"type":1}"""u8.ToArray();

    private readonly ILogger logger = loggers.CreateLogger<InteractionsEndpoint>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        state.OnConnecting();
        var settings = options.Value;
        InteractionSignature signature;
        try
        {
            signature = new InteractionSignature(settings.PublicKey!, time, settings.Http.MaxTimestampAge);
        }
        catch (FormatException)
        {
            throw new DiscordGatewayException(null, "Discord:PublicKey is not an Ed25519 public key: copy it again from the developer portal (General Information → Public Key)");
        }

        var application = await rest.GetCurrentApplicationAsync(cancellationToken).ConfigureAwait(false);
        if (application.VerifyKey is { Length: > 0 } verifyKey && !string.Equals(verifyKey, settings.PublicKey!.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Discord:PublicKey is not the application's public key (verify_key); Discord's requests will be refused with 401");
        }

        var url = new Uri(settings.Http.Url);
        await using var app = Build(url, settings.Http.MaxBodyBytes, signature, application.Id, cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException problem)
        {
            throw new DiscordGatewayException(null, $"Could not listen for Discord interactions at {settings.Http.Url}: {problem.Message}");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        logger.LogInformation("Listening for Discord interactions at {Address}{Path} (application {ApplicationId})", address, url.AbsolutePath, application.Id);
        state.OnApplicationKnown(application.Id);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: stop taking requests, let those in flight finish briefly.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(grace.Token).ConfigureAwait(false);
        state.OnStopped();
    }

    private WebApplication Build(Uri url, int maxBodyBytes, InteractionSignature signature, Snowflake applicationId, CancellationToken stoppingToken)
    {
        // An empty builder: nothing of the bot's own configuration (appsettings, environment) reaches this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
            Listen(kestrel, url);
        });
        var app = builder.Build();
        var path = url.AbsolutePath.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
        app.Run(context => HandleAsync(context, path, maxBodyBytes, signature, applicationId, stoppingToken));
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, Uri url)
    {
        if (url.IsLoopback && url.Host == "localhost")
        {
            kestrel.ListenLocalhost(url.Port);
        }
        else if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, url.Port);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port);
        }
    }

    private async Task HandleAsync(HttpContext context, string path, int maxBodyBytes, InteractionSignature signature, Snowflake applicationId, CancellationToken stoppingToken)
    {
        var received = time.GetTimestamp();
        var request = context.Request;
        if (!string.Equals(request.Path.Value?.TrimEnd('/') is { Length: > 0 } p ? p : "/", path, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }

        var body = await ReadBodyAsync(context, maxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var verdict = signature.Verify(request.Headers["X-Signature-Ed25519"], request.Headers["X-Signature-Timestamp"], body);
        if (verdict != SignatureVerdict.Valid)
        {
            // docs/interactions--overview.mdx: "If the signature fails validation, your app should respond with a 401".
            // Discord sends bad signatures on purpose to check this; one Debug line each, no stack trace.
            logger.LogDebug("Refused an interactions request from {Remote}: signature {Verdict}", context.Connection.RemoteIpAddress, verdict);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("invalid request signature", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        Interaction interaction;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.Number && type.GetInt32() == (int)InteractionKind.Ping)
            {
                // docs/interactions--overview.mdx, "Acknowledging PING requests": 200 with {"type": 1}.
                await WriteJsonAsync(context, Pong).ConfigureAwait(false);
                return;
            }

            interaction = InteractionMapper.ToInteraction(InteractionMapper.Deserialize(document.RootElement), applicationId);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            logger.LogWarning("Could not read an HTTP interaction: {Reason}", exception.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await AnswerAsync(context, interaction, received, stoppingToken).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, Interaction interaction, long received, CancellationToken stoppingToken)
    {
        var callback = new HttpResponseCallback();
        var handling = dispatcher.Dispatch(interaction, callback, received, stoppingToken);
        var first = await Task.WhenAny(callback.Body, handling, Task.Delay(AnswerWait, time, context.RequestAborted)).ConfigureAwait(false);
        if (first != callback.Body)
        {
            // The handler ended (or stuck) without a first answer; the dispatcher has logged why. Discord shows a failure.
            callback.OnGone("no answer was given");
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(await callback.Body.ConfigureAwait(false), DiscordJsonContext.Default.InteractionCallbackBody);
        try
        {
            await WriteJsonAsync(context, json).ConfigureAwait(false);
            callback.OnWritten();
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            callback.OnGone($"the request ended before the answer was written: {exception.Message}");
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int maxBodyBytes)
    {
        if (context.Request.ContentLength > maxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException problem)
        {
            context.Response.StatusCode = problem.StatusCode;
            return null;
        }

        return buffer.ToArray();
    }

    private static async Task WriteJsonAsync(HttpContext context, byte[] json)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
    }
}
