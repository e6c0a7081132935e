using System.Text;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>
/// Ways to make the REST side misbehave as Discord itself should not, but a proxy, a captive portal or a broken
/// network in front of it can: a 200 whose body is not JSON, a body that never ends, an answer that comes late.
/// Set before the bot makes the request; each applies to every request its route pattern matches
/// (<c>"GET /gateway/bot"</c>, <c>"POST /interactions/*/*/callback"</c>).
/// </summary>
public sealed class RestFaults
{
    /// <summary>An endless body stops here at the latest, so a client that never gives up cannot fill the disk of a test run.</summary>
    private const long EndlessBodyCap = 1L << 32;

    private readonly Lock _gate = new();
    private readonly List<(RoutePattern Pattern, Fault Fault)> _bodies = [];
    private readonly List<(RoutePattern Pattern, TimeSpan Delay)> _delays = [];

    private enum Fault
    {
        NotJson,
        Endless,
    }

    /// <summary>Answers 200 with an HTML page, as a captive portal or a misconfigured proxy would.</summary>
    public void AnswerNotJson(string routePattern) => Add(_bodies, (RoutePattern.Parse(routePattern), Fault.NotJson));

    /// <summary>Answers 200 <c>application/json</c> with a body that starts like JSON and never ends.</summary>
    public void AnswerEndlessly(string routePattern) => Add(_bodies, (RoutePattern.Parse(routePattern), Fault.Endless));

    /// <summary>
    /// Handles the request at once (so a callback counts as arriving when it arrived) but holds the answer back for
    /// <paramref name="delay"/>, as a slow Discord would: the bot's connection stays busy meanwhile.
    /// </summary>
    public void Delay(string routePattern, TimeSpan delay) => Add(_delays, (RoutePattern.Parse(routePattern), delay));

    /// <summary>Writes the faulty answer when one is set for this request; returns whether it did.</summary>
    internal async Task<bool> TryAnswerAsync(HttpContext context, string[] segments)
    {
        Fault? fault;
        lock (_gate)
        {
            fault = _bodies.Where(entry => entry.Pattern.Matches(context.Request.Method, segments)).Select(entry => (Fault?)entry.Fault).FirstOrDefault();
        }

        switch (fault)
        {
            case Fault.NotJson:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Please sign in to the network</h1></body></html>", context.RequestAborted);
                return true;
            case Fault.Endless:
                await WriteEndlesslyAsync(context);
                return true;
            default:
                return false;
        }
    }

    internal TimeSpan DelayFor(string method, string[] segments)
    {
        lock (_gate)
        {
            return _delays.Where(entry => entry.Pattern.Matches(method, segments)).Select(entry => entry.Delay).FirstOrDefault();
        }
    }

    private static async Task WriteEndlesslyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
        try
        {
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"url\": \""), context.RequestAborted);
            for (long written = 0; written < EndlessBodyCap; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client gave up on the body, as it should.
        }
    }

    private void Add<T>(List<T> list, T entry)
    {
        lock (_gate)
        {
            list.Add(entry);
        }
    }
}
