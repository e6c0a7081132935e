namespace Bot.Discord.Rest;

/// <summary>
/// One REST call: its method, its template (what logs and exceptions show), the concrete path and its
/// major parameter. Rate-limit buckets are per route and major parameter (docs/topics--rate-limits.mdx).
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The path with placeholders, e.g. <c>/webhooks/{app}/{token}/messages/@original</c>; safe to log.</param>
/// <param name="Path">The concrete path; may hold an interaction token, so it is never logged.</param>
/// <param name="MajorParameter">The id (or webhook id and token) that splits the route into buckets.</param>
/// <param name="Authorized">Whether to send <c>Authorization: Bot</c>; interaction callbacks and webhooks are authorised by their token.</param>
/// <param name="CountsTowardGlobal">Interaction callbacks are exempt from the global 50 requests per second.</param>
internal sealed record RestRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool Authorized = true, bool CountsTowardGlobal = true)
{
    /// <summary>The bucket key until Discord names the bucket in <c>X-RateLimit-Bucket</c>.</summary>
    public string Key => $"{Method} {Template} {MajorParameter}";

    /// <summary>GET, PUT and DELETE may be repeated after a server error; a POST or PATCH may already have taken effect.</summary>
    public bool IsIdempotent => Method == HttpMethod.Get || Method == HttpMethod.Put || Method == HttpMethod.Delete;

    public override string ToString() => $"{Method} {Template}";
}
