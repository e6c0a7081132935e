namespace FakeDiscord;

/// <summary>One HTTP request the bot made, with the bot token already redacted from headers, path and body.</summary>
public sealed record RecordedRequest(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int StatusCode)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Time:HH:mm:ss.fff} {Method} {Path}{Query} -> {StatusCode}";
}

internal sealed class RequestLog(string token, int? historyLimit = null)
{
    private const string Redacted = "[redacted]";
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public void Add(DateTimeOffset time, Microsoft.AspNetCore.Http.HttpContext context, string body)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(
            h => h.Key,
            h => Redact(h.Value.ToString()),
            StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(
            time,
            request.Method,
            Redact(request.Path.Value ?? ""),
            Redact(request.QueryString.Value ?? ""),
            headers,
            Redact(body),
            context.Response.StatusCode);
        lock (_gate)
        {
            _requests.Add(recorded);
            FakeDiscordServer.TrimOldest(_requests, historyLimit);
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public string Redact(string text) =>
        token.Length == 0 ? text : text.Replace(token, Redacted, StringComparison.Ordinal);
}
