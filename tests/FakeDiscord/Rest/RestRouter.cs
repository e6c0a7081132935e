using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>Who may call a route: the bot with its token, or anyone holding an interaction token.</summary>
internal enum RouteAuth
{
    Bot,
    None,
}

internal sealed record RestRoute(string Method, string Template, RouteAuth Auth, Func<RestRequest, Task> Handler)
{
    public string[] Segments { get; } = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A request matched to a route template; <see cref="MajorParameter"/> splits buckets per webhook or guild (docs/topics--rate-limits.mdx).</summary>
internal sealed record RouteMatch(string Method, string Template, string[] Segments, IReadOnlyDictionary<string, string> Values)
{
    public string MajorParameter =>
        Values.TryGetValue("webhook_token", out var token) ? Values["webhook_id"] + "/" + token
        : Values.TryGetValue("interaction_id", out var interaction) ? interaction
        : Values.TryGetValue("guild_id", out var guild) ? guild
        : "";

    public string this[string name] => Values[name];
}

/// <summary>One segment-by-segment matcher for both the route table and scripted 429 patterns.</summary>
internal sealed class RoutePattern(string? method, string[] segments)
{
    public static RoutePattern Parse(string pattern)
    {
        var parts = pattern.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var (method, path) = parts.Length == 2 ? (parts[0].ToUpperInvariant(), parts[1]) : ((string?)null, parts[0]);
        if (path.StartsWith("/api/v10", StringComparison.OrdinalIgnoreCase))
        {
            path = path["/api/v10".Length..];
        }

        return new RoutePattern(method, path.Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    public bool Matches(string requestMethod, string[] requestSegments) =>
        (method is null || string.Equals(method, requestMethod, StringComparison.OrdinalIgnoreCase))
        && segments.Length == requestSegments.Length
        && segments.Zip(requestSegments).All(p => p.First == "*" || p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
}

internal sealed class RestRouter
{
    private readonly List<RestRoute> _routes = [];

    public void Map(string method, string template, RouteAuth auth, Func<RestRequest, Task> handler) =>
        _routes.Add(new RestRoute(method, template, auth, handler));

    /// <summary>Finds the route; a literal segment beats a parameter so <c>@original</c> is not read as a message id.</summary>
    public (RestRoute? Route, RouteMatch? Match, bool PathExists) Find(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var candidates = _routes
            .Where(r => r.Segments.Length == segments.Length && r.Segments.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal)))
            .OrderByDescending(r => r.Segments.Count(s => !s.StartsWith('{')))
            .ToList();
        var route = candidates.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase));
        if (route is null)
        {
            return (null, null, candidates.Count > 0);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
        {
            if (route.Segments[i].StartsWith('{'))
            {
                values[route.Segments[i].Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
            }
        }

        return (route, new RouteMatch(route.Method, route.Template, segments, values), true);
    }
}

/// <summary>What a route handler gets: the HTTP context, the matched route and the raw body.</summary>
internal sealed record RestRequest(HttpContext Context, RouteMatch Match, string Body)
{
    public string this[string name] => Match[name];
}
