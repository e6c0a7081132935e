using System.Net;
using System.Text;

namespace Bot.Discord.Tests.Support;

/// <summary>A request as the fake REST API saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, string Path, string? Authorization, string UserAgent, string? Body, DateTimeOffset At);

/// <summary>
/// A hand-written stand-in for Discord's REST API: records every request and answers with <see cref="Respond"/>.
/// </summary>
internal sealed class FakeDiscordHttp(TimeProvider time) : HttpMessageHandler
{
    private readonly Lock sync = new();
    private readonly List<RecordedRequest> requests = [];

    public Func<RecordedRequest, HttpResponseMessage> Respond { get; set; } = _ => Json(HttpStatusCode.OK, "{}");

    /// <summary>When set, answers instead of <see cref="Respond"/>, and may take its time (a slow Discord, a held connection).</summary>
    public Func<RecordedRequest, Task<HttpResponseMessage>>? RespondLater { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (sync)
            {
                return [.. requests];
            }
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!.AbsolutePath,
            request.Headers.Authorization?.ToString(),
            request.Headers.UserAgent.ToString(),
            body,
            time.GetUtcNow());
        lock (sync)
        {
            requests.Add(recorded);
        }

        return RespondLater is { } later ? await later(recorded) : Respond(recorded);
    }
}
