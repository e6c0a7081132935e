using System.Net;
using Bot.Discord.Abstractions;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Discord.Tests.Support;

namespace Bot.Discord.Tests;

/// <summary>The REST client through a fake <see cref="HttpMessageHandler"/> (docs/reference.mdx, docs/topics--rate-limits.mdx).</summary>
public sealed class RestSpecs
{
    private static readonly Snowflake App = new(775799577604522054);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider time = Support.Discord.Time();
    private readonly TestLogs logs = new();
    private readonly FakeDiscordHttp http;
    private readonly DiscordRestClient rest;

    public RestSpecs()
    {
        http = new FakeDiscordHttp(time);
        rest = Support.Discord.Rest(http, time, logs);
    }

    [Fact]
    public async Task The_client_sends_the_bot_token_and_a_DiscordBot_user_agent()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.OK, """{"url":"wss://g","shards":1}""");

        var gateway = await rest.GetGatewayBotAsync(CancellationToken.None);

        var request = Assert.Single(http.Requests);
        Assert.Equal("wss://g", gateway.Url);
        Assert.Equal("/api/v10/gateway/bot", request.Path);
        Assert.Equal($"Bot {Support.Discord.Token}", request.Authorization);
        Assert.Matches(@"^DiscordBot \(https?://\S+, [0-9.]+\)$", request.UserAgent);
    }

    [Fact]
    public async Task Interaction_callbacks_and_webhooks_go_without_the_bot_token()
    {
        var body = new InteractionCallbackBody(4, null);

        await rest.CreateInteractionResponseAsync(new Snowflake(1), "itoken", body, null, CancellationToken.None);
        await rest.EditOriginalAsync(App, "itoken", MessageLimitsBody(), CancellationToken.None);
        await rest.CreateFollowUpAsync(App, "itoken", MessageLimitsBody(), CancellationToken.None);
        await rest.DeleteOriginalAsync(App, "itoken", CancellationToken.None);

        Assert.Equal(
            ["POST /api/v10/interactions/1/itoken/callback", $"PATCH /api/v10/webhooks/{App}/itoken/messages/@original", $"POST /api/v10/webhooks/{App}/itoken", $"DELETE /api/v10/webhooks/{App}/itoken/messages/@original"],
            http.Requests.Select(request => $"{request.Method} {request.Path}"));
        Assert.All(http.Requests, request => Assert.Null(request.Authorization));
        Assert.All(http.Requests, request => Assert.StartsWith("DiscordBot (", request.UserAgent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_client_waits_when_a_bucket_is_exhausted()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.OK, "[]",
            ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "2.5"), ("X-RateLimit-Bucket", "abc"));
        await rest.GetCommandsAsync(App, null, CancellationToken.None);

        var second = rest.GetCommandsAsync(App, null, CancellationToken.None);
        var held = await Support.Discord.StaysPendingAsync(second);
        time.Advance(TimeSpan.FromSeconds(2.5));
        await second.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.True(held, "the second request must wait for the bucket to reset");
        Assert.Equal(2, http.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(2.5), http.Requests[1].At - http.Requests[0].At);
    }

    [Fact]
    public async Task A_429_is_waited_out_for_retry_after_and_repeated()
    {
        var calls = 0;
        http.Respond = _ => ++calls == 1
            ? FakeDiscordHttp.Json(HttpStatusCode.TooManyRequests, """{"message":"You are being rate limited.","retry_after":1.5,"global":false}""", ("X-RateLimit-Scope", "shared"), ("Retry-After", "2"))
            : FakeDiscordHttp.Json(HttpStatusCode.OK, "[]");

        var request = rest.GetCommandsAsync(App, null, CancellationToken.None);
        var held = await Support.Discord.StaysPendingAsync(request);
        var otherRoute = rest.GetCommandsAsync(App, new Snowflake(42), CancellationToken.None);
        await otherRoute.WaitAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(1.5));
        await request.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.True(held);
        Assert.Equal(3, http.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1.5), http.Requests[2].At - http.Requests[0].At);
        Assert.Contains(logs.Lines, line => line.Contains("Rate limited", StringComparison.Ordinal) && line.Contains("shared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_global_429_pauses_every_route()
    {
        var calls = 0;
        http.Respond = _ => ++calls == 1
            ? FakeDiscordHttp.Json(HttpStatusCode.TooManyRequests, """{"message":"You are being rate limited.","retry_after":3,"global":true}""", ("X-RateLimit-Global", "true"), ("X-RateLimit-Scope", "global"))
            : FakeDiscordHttp.Json(HttpStatusCode.OK, "[]");

        var first = rest.GetCommandsAsync(App, null, CancellationToken.None);
        await Support.Discord.StaysPendingAsync(first);
        var otherRoute = rest.GetCommandsAsync(App, new Snowflake(42), CancellationToken.None);
        var otherHeld = await Support.Discord.StaysPendingAsync(otherRoute);
        time.Advance(TimeSpan.FromSeconds(3));
        await Task.WhenAll(first, otherRoute).WaitAsync(TimeSpan.FromSeconds(2));

        Assert.True(otherHeld, "a global limit pauses other routes too");
        Assert.Equal(3, http.Requests.Count);
        Assert.All(http.Requests.Skip(1), request => Assert.Equal(TimeSpan.FromSeconds(3), request.At - http.Requests[0].At));
    }

    [Fact]
    public async Task Retries_are_bounded()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.TooManyRequests, """{"message":"slow down","retry_after":0,"global":false}""");

        var failure = await Assert.ThrowsAsync<DiscordApiException>(() => rest.GetCommandsAsync(App, null, CancellationToken.None));

        Assert.Equal(DiscordRestClient.MaxAttempts, http.Requests.Count);
        Assert.Equal(HttpStatusCode.TooManyRequests, failure.Status);
        Assert.False(failure.IsFatal);
    }

    [Fact]
    public async Task A_server_error_is_repeated_for_a_GET_but_not_for_a_POST()
    {
        var calls = 0;
        http.Respond = _ => ++calls == 1 ? FakeDiscordHttp.Json(HttpStatusCode.BadGateway, "") : FakeDiscordHttp.Json(HttpStatusCode.OK, "[]");
        var get = rest.GetCommandsAsync(App, null, CancellationToken.None);
        await time.PumpAsync(get);

        calls = 0;
        var post = await Assert.ThrowsAsync<DiscordApiException>(() => rest.CreateFollowUpAsync(App, "t", MessageLimitsBody(), CancellationToken.None));

        Assert.Equal(3, http.Requests.Count);
        Assert.Equal(HttpStatusCode.BadGateway, post.Status);
        Assert.False(post.IsFatal);
    }

    [Fact]
    public async Task An_invalid_form_body_reads_as_paths_to_each_error()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.BadRequest, """
            {"code": 50035, "message": "Invalid Form Body", "errors": {
              "embeds": {"0": {"description": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 4096 or fewer in length."}]}}},
              "content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]}}}
            """);

        var failure = await Assert.ThrowsAsync<DiscordApiException>(() => rest.CreateFollowUpAsync(App, "t", MessageLimitsBody(), CancellationToken.None));

        Assert.Equal(50035, failure.Code);
        Assert.True(failure.IsFatal);
        Assert.Equal(["embeds.0.description: Must be 4096 or fewer in length.", "content: Must be 2000 or fewer in length."], failure.Errors);
        Assert.Contains("embeds.0.description: Must be 4096 or fewer in length.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("POST /webhooks/{app}/{token}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_never_shows_in_the_exception_or_the_logs()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.Unauthorized, """{"message":"401: Unauthorized","code":0}""");

        var failure = await Assert.ThrowsAsync<DiscordApiException>(() => rest.GetGatewayBotAsync(CancellationToken.None));

        Assert.True(failure.IsFatal);
        Assert.Equal(HttpStatusCode.Unauthorized, failure.Status);
        Assert.Single(http.Requests);
        Assert.DoesNotContain(Support.Discord.Token, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Support.Discord.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(Support.Discord.Token, Support.Discord.Options().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Support.Discord.Token, new IdentifyData(Support.Discord.Token, new IdentifyProperties("linux", "b", "d"), 0).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_whose_body_is_not_JSON_is_a_DiscordApiException_naming_the_route_not_a_JsonException()
    {
        http.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html><body>Please sign in to the network</body></html>", System.Text.Encoding.UTF8, "text/html"),
        };

        var failure = await Assert.ThrowsAsync<DiscordApiException>(() => rest.GetGatewayBotAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, failure.Status);
        Assert.Contains("GET /gateway/bot", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(text/html) is not the JSON Discord sends", failure.Message, StringComparison.Ordinal);
        Assert.Single(http.Requests);
    }

    [Fact]
    public async Task An_endless_answer_is_refused_once_it_passes_the_size_limit()
    {
        var body = new EndlessContent();
        http.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = body };

        var failure = await Assert.ThrowsAsync<DiscordApiException>(() => rest.GetCommandsAsync(App, null, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("longer than 8 MB", failure.Message, StringComparison.Ordinal);
        Assert.InRange(body.BytesRead, DiscordRestClient.MaxAnswerBytes, DiscordRestClient.MaxAnswerBytes + (1024 * 1024));
        Assert.Single(http.Requests);
    }

    [Fact]
    public async Task A_callback_with_no_free_connection_by_its_deadline_is_not_sent()
    {
        var oneConnection = Support.Discord.Rest(http, time, logs, Support.Discord.Options() with { MaxRestConnections = 1 });
        var slowEdit = new TaskCompletionSource<HttpResponseMessage>();
        http.RespondLater = request => request.Method == HttpMethod.Patch ? slowEdit.Task : Task.FromResult(FakeDiscordHttp.Json(HttpStatusCode.NoContent, ""));
        var edit = oneConnection.EditOriginalAsync(App, "other", MessageLimitsBody(), CancellationToken.None);

        var callback = oneConnection.CreateInteractionResponseAsync(new Snowflake(1), "itoken", new InteractionCallbackBody(4, null), time.GetUtcNow().AddSeconds(1), CancellationToken.None);
        var stillWaiting = await Support.Discord.StaysPendingAsync(callback);
        time.Advance(TimeSpan.FromSeconds(1));
        var failure = await Assert.ThrowsAsync<DiscordApiException>(() => callback.WaitAsync(TimeSpan.FromSeconds(5)));
        slowEdit.SetResult(FakeDiscordHttp.Json(HttpStatusCode.OK, "{}"));
        await edit;

        Assert.True(stillWaiting);
        Assert.True(failure.Withheld);
        Assert.Equal(DiscordApiException.UnknownInteraction, failure.Code);
        Assert.Contains("a free connection", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["PATCH"], http.Requests.Select(request => request.Method.Method));
    }

    [Fact]
    public async Task Guild_commands_go_to_the_guild_route()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.OK, "[]");

        await rest.OverwriteCommandsAsync(App, new Snowflake(290926798626357999), [], CancellationToken.None);

        var request = Assert.Single(http.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"/api/v10/applications/{App}/guilds/290926798626357999/commands", request.Path);
        Assert.Equal("[]", request.Body);
    }

    [Fact]
    public async Task The_global_ceiling_is_50_requests_a_second_but_callbacks_are_exempt()
    {
        var limiter = new RestRateLimiter(time);
        var routes = Enumerable.Range(0, 51).Select(i => new RestRoute(HttpMethod.Get, "/x/{id}", $"/x/{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var first50 = routes.Take(50).Select(route => limiter.AcquireAsync(route, CancellationToken.None)).ToList();
        var fiftyFirst = limiter.AcquireAsync(routes[50], CancellationToken.None);
        var callback = limiter.AcquireAsync(new RestRoute(HttpMethod.Post, "/interactions/{id}/{token}/callback", "/interactions/1/t/callback", "1", Authorized: false, CountsTowardGlobal: false), CancellationToken.None);

        Assert.All(first50, lease => Assert.True(lease.IsCompletedSuccessfully));
        Assert.False(fiftyFirst.IsCompleted);
        Assert.True(callback.IsCompletedSuccessfully);
        time.Advance(TimeSpan.FromSeconds(1));
        using var lease = await fiftyFirst.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.NotNull(lease);
    }

    private static MessageBody MessageLimitsBody() => Bot.Discord.Interactions.MessageLimits.ToBody(MessageReply.Text("hi"));

    /// <summary>A body that never ends, counting what the client read of it.</summary>
    private sealed class EndlessContent : HttpContent
    {
        public long BytesRead { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)'a');
            while (true)
            {
                await stream.WriteAsync(chunk);
                BytesRead += chunk.Length;
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new EndlessStream(this));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        private sealed class EndlessStream(EndlessContent owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => owner.BytesRead; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                buffer.AsSpan(offset, count).Fill((byte)'a');
                owner.BytesRead += count;
                return count;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
