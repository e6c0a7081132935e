using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>Where a scripted 429 says the limit lives (docs/topics--rate-limits.mdx, <c>X-RateLimit-Scope</c>).</summary>
public enum RateLimitScope
{
    User,
    Global,
    Shared,
}

/// <summary>
/// Per-route buckets and the global limit, with Discord's headers on every answer, plus 429s a test scripts.
/// A request made while a 429's <c>retry_after</c> is still running, or on a bucket the headers said was empty, is a violation.
/// </summary>
public sealed class RateLimits
{
    /// <summary>Clock slack for a bot that waits exactly <c>retry_after</c>.</summary>
    private static readonly TimeSpan s_tolerance = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly FakeDiscordOptions _options;
    private readonly ViolationLog _violations;
    private readonly List<ScriptedLimit> _scripts = [];
    private readonly Dictionary<string, Window> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    /// <summary>Every interaction has buckets of its own; past this many, the ones whose window is over are dropped.</summary>
    private int _pruneAbove = 4096;
    private Window _global;
    private DateTimeOffset _globalBlockedUntil;
    private int _served429;

    internal RateLimits(FakeDiscordOptions options, ViolationLog violations)
    {
        _options = options;
        _violations = violations;
    }

    /// <summary>How many 429s the emulator has answered, scripted or not.</summary>
    public int Served429Count => Volatile.Read(ref _served429);

    /// <summary>
    /// Answers the next <paramref name="count"/> requests matching <paramref name="routePattern"/> with 429.
    /// The pattern is an optional method then a path relative to <c>/api/v10</c>; <c>*</c> or <c>{name}</c> match one
    /// segment: <c>"PUT /applications/*/commands"</c>, <c>"/interactions/{id}/{token}/callback"</c>.
    /// </summary>
    public void Script(string routePattern, int count, double retryAfterSeconds, RateLimitScope scope = RateLimitScope.User)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _scripts.Add(new ScriptedLimit(RoutePattern.Parse(routePattern), count, TimeSpan.FromSeconds(retryAfterSeconds), scope));
        }
    }

    /// <summary>Sets the rate-limit headers, or answers 429 and returns false.</summary>
    internal async Task<bool> AdmitAsync(HttpContext context, RouteMatch match, bool countsTowardsGlobal)
    {
        var now = DateTimeOffset.UtcNow;
        var bucketHash = BucketHash(match);
        var key = bucketHash + ":" + match.MajorParameter;
        Rejection? rejection = null;
        Window window;
        lock (_gate)
        {
            PruneExpired(now);
            window = _buckets.TryGetValue(key, out var w) && w.ResetAt > now ? w : new Window(0, now + _options.RouteBucketWindow);
            if (countsTowardsGlobal && now + s_tolerance < _globalBlockedUntil)
            {
                rejection = new Rejection(_globalBlockedUntil - now, RateLimitScope.Global, Scripted: false,
                    "request made while a global 429's retry_after was still running");
            }
            else if (_blockedUntil.TryGetValue(key, out var until) && now + s_tolerance < until)
            {
                rejection = new Rejection(until - now, RateLimitScope.User, Scripted: false,
                    "request made while a 429's retry_after was still running");
            }
            else if (_scripts.FirstOrDefault(s => s.Remaining > 0 && s.Pattern.Matches(match.Method, match.Segments)) is { } script)
            {
                script.Remaining--;
                rejection = new Rejection(script.RetryAfter, script.Scope, Scripted: true, "scripted");
                if (script.Scope == RateLimitScope.Global)
                {
                    _globalBlockedUntil = now + script.RetryAfter;
                }
                else
                {
                    _blockedUntil[key] = now + script.RetryAfter;
                }
            }
            else if (_options.EnforceRateLimits && window.Count >= _options.RouteBucketLimit)
            {
                rejection = new Rejection(window.ResetAt - now, RateLimitScope.User, Scripted: false,
                    $"bucket {bucketHash} exhausted: the bot ignored X-RateLimit-Remaining: 0");
                _blockedUntil[key] = window.ResetAt;
            }
            else if (_options.EnforceRateLimits && countsTowardsGlobal && GlobalExhausted(now))
            {
                rejection = new Rejection(_global.ResetAt - now, RateLimitScope.Global, Scripted: false,
                    $"more than {_options.GlobalRequestsPerSecond} requests in a second (global limit)");
                _globalBlockedUntil = _global.ResetAt;
            }
            else
            {
                window = window with { Count = window.Count + 1 };
                _buckets[key] = window;
                if (countsTowardsGlobal)
                {
                    _global = _global with { Count = _global.Count + 1 };
                }
            }
        }

        if (rejection is null || rejection.Scope != RateLimitScope.Global)
        {
            SetBucketHeaders(context.Response, window, bucketHash, now);
        }

        if (rejection is null)
        {
            return true;
        }

        Interlocked.Increment(ref _served429);
        if (!rejection.Scripted)
        {
            _violations.Add($"429 {match.Method} {match.Template}: {rejection.Reason}");
        }

        await WriteTooManyRequestsAsync(context, rejection);
        return false;
    }

    private bool GlobalExhausted(DateTimeOffset now)
    {
        if (_global.ResetAt <= now)
        {
            _global = new Window(0, now + TimeSpan.FromSeconds(1));
        }

        return _global.Count >= _options.GlobalRequestsPerSecond;
    }

    private void SetBucketHeaders(HttpResponse response, Window window, string bucketHash, DateTimeOffset now)
    {
        var remaining = Math.Max(0, _options.RouteBucketLimit - window.Count);
        response.Headers["X-RateLimit-Limit"] = _options.RouteBucketLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = (window.ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset-After"] = Math.Max(0, (window.ResetAt - now).TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Bucket"] = bucketHash;
    }

    private static Task WriteTooManyRequestsAsync(HttpContext context, Rejection rejection)
    {
        var seconds = Math.Max(0, rejection.RetryAfter.TotalSeconds);
        var global = rejection.Scope == RateLimitScope.Global;
        var headers = context.Response.Headers;
        headers.RetryAfter = Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = rejection.Scope.ToString().ToLowerInvariant();
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        var body = new JsonObject
        {
            ["message"] = rejection.Scope == RateLimitScope.Shared ? "The resource is being rate limited." : "You are being rate limited.",
            ["retry_after"] = Math.Round(seconds, 3),
            ["global"] = global,
        };
        return DiscordErrors.WriteJsonAsync(context, StatusCodes.Status429TooManyRequests, body);
    }

    /// <summary>A stable opaque id per method + route template, like Discord's <c>X-RateLimit-Bucket</c>.</summary>
    private static string BucketHash(RouteMatch match) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(match.Method + " " + match.Template)))[..16];

    /// <summary>
    /// A window that is over counts for nothing (the next request opens a new one), nor does a retry_after that has run
    /// out; dropping them keeps a long load run from holding a bucket per interaction it ever saw. Call under the lock.
    /// </summary>
    private void PruneExpired(DateTimeOffset now)
    {
        if (_buckets.Count + _blockedUntil.Count <= _pruneAbove)
        {
            return;
        }

        foreach (var (key, window) in _buckets)
        {
            if (window.ResetAt <= now)
            {
                _buckets.Remove(key);
            }
        }

        foreach (var (key, until) in _blockedUntil)
        {
            if (until + s_tolerance <= now)
            {
                _blockedUntil.Remove(key);
            }
        }

        // Amortised: the next walk waits until the survivors have doubled.
        _pruneAbove = Math.Max(4096, 2 * (_buckets.Count + _blockedUntil.Count));
    }

    private readonly record struct Window(int Count, DateTimeOffset ResetAt);

    private sealed record Rejection(TimeSpan RetryAfter, RateLimitScope Scope, bool Scripted, string Reason);

    private sealed class ScriptedLimit(RoutePattern pattern, int remaining, TimeSpan retryAfter, RateLimitScope scope)
    {
        public RoutePattern Pattern { get; } = pattern;

        public int Remaining { get; set; } = remaining;

        public TimeSpan RetryAfter { get; } = retryAfter;

        public RateLimitScope Scope { get; } = scope;
    }
}
