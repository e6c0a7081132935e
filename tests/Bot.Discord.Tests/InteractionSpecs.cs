using System.Net;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Interactions;
using Bot.Discord.Models;
using Bot.Discord.Tests.Support;

namespace Bot.Discord.Tests;

/// <summary>Answering interactions over REST (docs/interactions--receiving-and-responding.mdx).</summary>
public sealed class InteractionSpecs
{
    /// <summary>The "Example Interaction" payload of docs/interactions--application-commands.mdx, verbatim.</summary>
    private const string DocsExample = """
        {
            "type": 2,
            "token": "A_UNIQUE_TOKEN",
            "member": {
                "user": {
                    "id": "53908232506183680",
                    "username": "Mason",
                    "avatar": "a_d5efa99b3eeaa7dd43acca82f5692432",
                    "discriminator": "1337",
                    "public_flags": 131141
                },
                "roles": ["539082325061836999"],
                "premium_since": null,
                "permissions": "2147483647",
                "pending": false,
                "nick": null,
                "mute": false,
                "joined_at": "2017-03-13T19:19:14.040000+00:00",
                "is_pending": false,
                "deaf": false
            },
            "id": "786008729715212338",
            "guild_id": "290926798626357999",
            "app_permissions": "442368",
            "guild_locale": "en-US",
            "locale": "en-US",
            "data": {
                "options": [{
                    "type": 3,
                    "name": "cardname",
                    "value": "The Gitrog Monster"
                }],
                "type": 1,
                "name": "cardsearch",
                "id": "771825006014889984"
            },
            "channel_id": "645027906669510667"
        }
        """;

    private static readonly Snowflake App = new(775799577604522054);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider time = Support.Discord.Time();
    private readonly TestLogs logs = new();
    private readonly FakeDiscordHttp http;

    public InteractionSpecs() => http = new FakeDiscordHttp(time) { Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.NoContent, "") };

    [Fact]
    public void I_can_read_the_docs_example_interaction()
    {
        var interaction = Parse(DocsExample);

        Assert.Equal(InteractionKind.ApplicationCommand, interaction.Kind);
        Assert.Equal(new Snowflake(786008729715212338), interaction.Id);
        Assert.Equal(App, interaction.ApplicationId); // the example has no application_id: READY's is used
        Assert.Equal("A_UNIQUE_TOKEN", interaction.Token);
        Assert.Equal("cardsearch", interaction.CommandName);
        Assert.Equal(CommandKind.ChatInput, interaction.CommandKind);
        Assert.Equal("The Gitrog Monster", interaction.GetString("cardname"));
        Assert.Equal(new Snowflake(290926798626357999), interaction.GuildId);
        Assert.Equal(new Snowflake(645027906669510667), interaction.ChannelId);
        Assert.Equal("en-US", interaction.Locale);
        Assert.Equal("Mason", interaction.User.Username);
        Assert.Equal(2147483647UL, interaction.Member!.Permissions);
        Assert.Equal([new Snowflake(539082325061836999)], interaction.Member.Roles);
    }

    [Fact]
    public void I_can_read_subcommands_and_the_focused_option_of_an_autocomplete()
    {
        var interaction = Parse("""
            {"id":"1","application_id":"2","type":4,"token":"t","user":{"id":"3","username":"dm-user","global_name":"DM User"},
             "data":{"id":"4","name":"mod","type":1,"options":[{"name":"channels","type":2,"options":[{"name":"allow","type":1,
               "options":[{"name":"channel","type":7,"value":"99"},{"name":"limit","type":4,"value":5},{"name":"query","type":3,"value":"gen","focused":true}]}]}]}}
            """);

        Assert.Equal(InteractionKind.Autocomplete, interaction.Kind);
        Assert.Equal(["channels", "allow"], interaction.SubcommandPath);
        Assert.Equal(5, interaction.GetInteger("limit"));
        Assert.Equal("99", interaction.GetString("channel"));
        Assert.Equal("query", interaction.FocusedOption!.Name);
        Assert.Equal("DM User", interaction.User.DisplayName);
        Assert.Null(interaction.Member);
    }

    [Fact]
    public void I_can_read_components_context_menus_and_modals()
    {
        var button = Parse("""{"id":"1","application_id":"2","type":3,"token":"t","user":{"id":"3","username":"u"},"data":{"custom_id":"feedback:up","component_type":2}}""");
        var menu = Parse("""
            {"id":"1","application_id":"2","type":2,"token":"t","user":{"id":"3","username":"u"},
             "data":{"id":"5","name":"Ask about this","type":3,"target_id":"77","resolved":{"messages":{"77":{"id":"77","content":"What happened?"}}}}}
            """);
        var modal = Parse("""
            {"id":"1","application_id":"2","type":5,"token":"t","user":{"id":"3","username":"u"},
             "data":{"custom_id":"report","components":[{"type":1,"components":[{"type":4,"custom_id":"reason","value":"spam"}]},{"type":18,"component":{"type":4,"custom_id":"detail","value":"links"}}]}}
            """);

        Assert.Equal("feedback:up", button.CustomId);
        Assert.Null(button.CommandName);
        Assert.Equal(CommandKind.Message, menu.CommandKind);
        Assert.Equal(new Snowflake(77), menu.TargetId);
        Assert.Equal("What happened?", menu.TargetMessageContent);
        Assert.Equal("spam", modal.ModalValues!["reason"]);
        Assert.Equal("links", modal.ModalValues["detail"]);
    }

    [Fact]
    public async Task A_reply_is_sent_as_callback_type_4_with_allowed_mentions()
    {
        var dispatcher = Dispatcher(new Handler((context, ct) => context.RespondAsync(MessageReply.Text("hello @everyone"), ct)));

        await dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None);

        var request = Assert.Single(http.Requests);
        Assert.Equal("/api/v10/interactions/786008729715212338/A_UNIQUE_TOKEN/callback", request.Path);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Equal("hello @everyone", body.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("""{"parse":[]}""", body.GetProperty("data").GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task A_slow_handler_is_deferred_for_it_and_its_reply_edits_the_original()
    {
        var release = new TaskCompletionSource();
        var handler = new Handler(
            async (context, ct) =>
            {
                await release.Task;
                await context.RespondAsync(MessageReply.Text("late answer", ephemeral: true), ct);
            },
            ephemeral: true);
        var run = Dispatcher(handler).RunAsync(Parse(DocsExample), CancellationToken.None);

        await Task.Delay(50);
        time.Advance(TimeSpan.FromMilliseconds(2499));
        var beforeDeadline = http.Requests.Count;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForRequestsAsync(1);
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(0, beforeDeadline);
        Assert.Equal(2, http.Requests.Count);
        var deferral = JsonDocument.Parse(http.Requests[0].Body!).RootElement;
        Assert.Equal(5, deferral.GetProperty("type").GetInt32());
        Assert.Equal(64, deferral.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(HttpMethod.Patch, http.Requests[1].Method);
        Assert.Equal($"/api/v10/webhooks/{App}/A_UNIQUE_TOKEN/messages/@original", http.Requests[1].Path);
        Assert.Equal("late answer", JsonDocument.Parse(http.Requests[1].Body!).RootElement.GetProperty("content").GetString());
        Assert.Contains(logs.Lines, line => line.Contains("auto-deferred", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_button_handler_is_deferred_with_type_6()
    {
        var release = new TaskCompletionSource();
        var run = Dispatcher(new Handler(async (context, ct) =>
        {
            await release.Task;
            await context.UpdateMessageAsync(MessageReply.Text("updated"), ct);
        })).RunAsync(Parse("""{"id":"1","application_id":"2","type":3,"token":"t","user":{"id":"3","username":"u"},"data":{"custom_id":"b","component_type":2}}"""), CancellationToken.None);

        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(2.5));
        await WaitForRequestsAsync(1);
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(6, JsonDocument.Parse(http.Requests[0].Body!).RootElement.GetProperty("type").GetInt32());
        Assert.Equal(HttpMethod.Patch, http.Requests[1].Method);
    }

    [Fact]
    public async Task A_second_reply_is_refused_and_only_one_callback_is_sent()
    {
        Exception? second = null;
        var dispatcher = Dispatcher(new Handler(async (context, ct) =>
        {
            await context.RespondAsync(MessageReply.Text("one"), ct);
            second = await Record.ExceptionAsync(() => context.RespondAsync(MessageReply.Text("two"), ct));
            await context.FollowUpAsync(MessageReply.Text("three"), ct);
        }));

        await dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None);

        Assert.IsType<InvalidOperationException>(second);
        Assert.Contains("FollowUpAsync", second!.Message, StringComparison.Ordinal);
        Assert.Equal(["/callback", "/api/v10/webhooks/775799577604522054/A_UNIQUE_TOKEN"], http.Requests.Select(r => r.Path.EndsWith("/callback", StringComparison.Ordinal) ? "/callback" : r.Path));
    }

    [Fact]
    public async Task A_failing_handler_gets_an_ephemeral_apology_and_the_loop_goes_on()
    {
        var dispatcher = Dispatcher(new Handler((_, _) => throw new InvalidOperationException("boom")));

        await dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(http.Requests).Body!).RootElement;
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Equal(64, body.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(DiscordInteractionContext.FailureMessage, body.GetProperty("data").GetProperty("content").GetString());
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Autocomplete_answers_with_callback_type_8()
    {
        var dispatcher = Dispatcher(new Handler((context, ct) => context.AutocompleteAsync([new AutocompleteChoice("General", "general")], ct)));

        await dispatcher.RunAsync(Parse("""{"id":"1","application_id":"2","type":4,"token":"t","user":{"id":"3","username":"u"},"data":{"name":"ask","type":1,"options":[{"name":"q","type":3,"value":"ge","focused":true}]}}"""), CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(http.Requests).Body!).RootElement;
        Assert.Equal(8, body.GetProperty("type").GetInt32());
        Assert.Equal("""[{"name":"General","value":"general"}]""", body.GetProperty("data").GetProperty("choices").GetRawText());
    }

    [Fact]
    public async Task An_interaction_Discord_no_longer_knows_gets_no_apology_and_one_warning()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.NotFound, """{"message": "Unknown interaction", "code": 10062}""");
        var dispatcher = Dispatcher(new Handler((context, ct) => context.RespondAsync(MessageReply.Text("too late"), ct)));

        await dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None);

        Assert.Single(http.Requests);
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Unknown interaction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handler_answering_too_late_sees_it_in_the_contracts_terms_and_a_second_try_sends_nothing()
    {
        http.Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.NotFound, """{"message": "Unknown interaction", "code": 10062}""");
        var seen = new List<Exception>();
        var dispatcher = Dispatcher(new Handler(async (context, ct) =>
        {
            foreach (var attempt in new[] { "too late", "still too late" })
            {
                try
                {
                    await context.RespondAsync(MessageReply.Text(attempt), ct);
                }
                catch (InteractionExpiredException problem)
                {
                    seen.Add(problem);
                }
            }
        }));

        await dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None);

        Assert.Equal(2, seen.Count);
        Assert.Contains("Unknown interaction", seen[0].Message, StringComparison.Ordinal);
        Assert.Single(http.Requests);
    }

    [Fact]
    public async Task An_interaction_read_more_than_3_seconds_before_its_handler_could_start_is_dropped_unhandled()
    {
        var handled = false;
        var dispatcher = Dispatcher(new Handler((context, ct) =>
        {
            handled = true;
            return context.RespondAsync(MessageReply.Text("too late"), ct);
        }));
        var read = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(3));

        await dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None, read);

        Assert.False(handled);
        Assert.Empty(http.Requests);
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Dropped", StringComparison.Ordinal) && line.Contains("786008729715212338", StringComparison.Ordinal));
    }

    private static Interaction Parse(string json) =>
        InteractionMapper.ToInteraction(InteractionMapper.Deserialize(JsonDocument.Parse(json).RootElement), App);

    [Fact]
    public async Task A_callback_that_finds_no_free_connection_before_its_deadline_is_dropped_not_sent_late()
    {
        // One connection, held by a slow edit of another interaction's reply.
        var options = Support.Discord.Options() with { MaxRestConnections = 1 };
        var oneConnection = Support.Discord.Rest(http, time, logs, options);
        var slowEdit = new TaskCompletionSource<HttpResponseMessage>();
        http.RespondLater = request => request.Method == HttpMethod.Patch ? slowEdit.Task : Task.FromResult(FakeDiscordHttp.Json(HttpStatusCode.NoContent, ""));
        var edit = oneConnection.EditOriginalAsync(App, "other-token", MessageLimits.ToBody(MessageReply.Text("edited")), CancellationToken.None);
        await WaitForRequestsAsync(1);
        var state = new Bot.Discord.Gateway.DiscordConnectionState();
        var dispatcher = Dispatcher(new Handler((context, ct) => context.RespondAsync(MessageReply.Text("an answer"), ct)), oneConnection, state, options);

        var run = dispatcher.RunAsync(Parse(DocsExample), CancellationToken.None);
        await time.PumpAsync(run.ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromMilliseconds(50));
        slowEdit.SetResult(FakeDiscordHttp.Json(HttpStatusCode.OK, "{}"));
        await edit;

        Assert.DoesNotContain(http.Requests, request => request.Path.EndsWith("/callback", StringComparison.Ordinal));
        Assert.Equal(1, state.ShedInteractions);
        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("Dropped", warning, StringComparison.Ordinal);
        Assert.Contains("786008729715212338", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Interactions_past_the_waiting_bound_are_dropped_at_once_and_counted()
    {
        var held = new HeldScheduler();
        var state = new Bot.Discord.Gateway.DiscordConnectionState();
        var dispatcher = Dispatcher(new Handler((context, ct) => context.RespondAsync(MessageReply.Text("an answer"), ct)), Support.Discord.Rest(http, time, logs), state, Support.Discord.Options(), held);
        var payload = JsonDocument.Parse(DocsExample).RootElement;

        var dispatched = Enumerable.Range(0, InteractionDispatcher.MaxWaiting + 5).Select(_ => dispatcher.Dispatch(payload, App, CancellationToken.None)).ToList();
        var shedAtOnce = state.ShedInteractions;
        held.RunAll();
        await Task.WhenAll(dispatched).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(5, shedAtOnce);
        Assert.Equal(InteractionDispatcher.MaxWaiting, http.Requests.Count(request => request.Path.EndsWith("/callback", StringComparison.Ordinal)));
        Assert.Equal(5, logs.Lines.Count(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"{InteractionDispatcher.MaxWaiting} interactions were already waiting", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task When_every_turn_is_taken_the_newest_waiting_interaction_goes_first()
    {
        var held = new HeldScheduler();
        var firstMayAnswer = new TaskCompletionSource();
        var handled = new List<string>();
        var dispatcher = Dispatcher(
            new Handler(async (context, ct) =>
            {
                lock (handled)
                {
                    handled.Add(context.Interaction.Id.ToString());
                }

                if (context.Interaction.Id == new Snowflake(1))
                {
                    await firstMayAnswer.Task;
                }

                await context.RespondAsync(MessageReply.Text("an answer"), ct);
            }),
            Support.Discord.Rest(http, time, logs),
            new Bot.Discord.Gateway.DiscordConnectionState(),
            Support.Discord.Options() with { MaxRestConnections = 1 },
            held);

        var dispatched = new[] { 1, 2, 3 }.Select(id => dispatcher.Dispatch(WithId(id), App, CancellationToken.None)).ToList();
        held.RunAll();
        firstMayAnswer.SetResult();
        await Task.WhenAll(dispatched).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["1", "3", "2"], handled);
        Assert.Equal(3, http.Requests.Count(request => request.Path.EndsWith("/callback", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_interaction_that_waits_for_a_turn_until_its_deadline_is_dropped_never_handled()
    {
        var held = new HeldScheduler();
        var firstMayAnswer = new TaskCompletionSource();
        var handled = new List<string>();
        var state = new Bot.Discord.Gateway.DiscordConnectionState();
        var dispatcher = Dispatcher(
            new Handler(async (context, ct) =>
            {
                handled.Add(context.Interaction.Id.ToString());
                await firstMayAnswer.Task;
                await context.RespondAsync(MessageReply.Text("an answer"), ct);
            }),
            Support.Discord.Rest(http, time, logs),
            state,
            Support.Discord.Options() with { MaxRestConnections = 1, AutoDeferAfter = TimeSpan.FromSeconds(2.9) },
            held);

        var first = dispatcher.Dispatch(WithId(1), App, CancellationToken.None);
        var second = dispatcher.Dispatch(WithId(2), App, CancellationToken.None);
        held.RunAll();
        time.Advance(InteractionDispatcher.SendDeadline);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        firstMayAnswer.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        // The second never ran; the first, whose answer came only after the deadline too, was not sent either.
        Assert.Equal(["1"], handled);
        Assert.Equal(2, state.ShedInteractions);
        Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Dropped", StringComparison.Ordinal) && line.Contains("(2)", StringComparison.Ordinal) && line.Contains("for its turn", StringComparison.Ordinal));
        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task An_interaction_over_HTTP_waits_for_a_turn_with_the_gateway_ones_and_is_dropped_at_its_deadline_too()
    {
        var held = new HeldScheduler();
        var firstMayAnswer = new TaskCompletionSource();
        var handled = new List<string>();
        var state = new Bot.Discord.Gateway.DiscordConnectionState();
        var dispatcher = Dispatcher(
            new Handler(async (context, ct) =>
            {
                handled.Add(context.Interaction.Id.ToString());
                await firstMayAnswer.Task;
                await context.RespondAsync(MessageReply.Text("an answer"), ct);
            }),
            Support.Discord.Rest(http, time, logs),
            state,
            Support.Discord.Options() with { MaxRestConnections = 1, AutoDeferAfter = TimeSpan.FromSeconds(2.9) },
            held);
        var response = new Bot.Discord.HttpInteractions.HttpResponseCallback();

        var first = dispatcher.Dispatch(WithId(1), App, CancellationToken.None);
        var overHttp = dispatcher.Dispatch(InteractionMapper.ToInteraction(InteractionMapper.Deserialize(WithId(2)), App), response, time.GetTimestamp(), CancellationToken.None);
        held.RunAll();
        time.Advance(InteractionDispatcher.SendDeadline);
        await overHttp.WaitAsync(TimeSpan.FromSeconds(10));
        firstMayAnswer.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        // The HTTP one never ran and its response got no body (the endpoint answers Discord's request without one).
        Assert.Equal(["1"], handled);
        Assert.False(response.Body.IsCompleted);
        Assert.Equal(2, state.ShedInteractions);
        Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Dropped", StringComparison.Ordinal) && line.Contains("(2)", StringComparison.Ordinal) && line.Contains("for its turn", StringComparison.Ordinal));
    }

    private static JsonElement WithId(int id) =>
        JsonDocument.Parse(DocsExample.Replace("786008729715212338", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).RootElement;

    private InteractionDispatcher Dispatcher(IInteractionHandler handler) =>
        Dispatcher(handler, Support.Discord.Rest(http, time, logs), new Bot.Discord.Gateway.DiscordConnectionState(), Support.Discord.Options());

    private InteractionDispatcher Dispatcher(
        IInteractionHandler handler,
        Bot.Discord.Rest.DiscordRestClient rest,
        Bot.Discord.Gateway.DiscordConnectionState state,
        Bot.Discord.Configuration.DiscordOptions options,
        TaskScheduler? scheduler = null) => new(
        handler,
        rest,
        state,
        Microsoft.Extensions.Options.Options.Create(options),
        time,
        logs.For<InteractionDispatcher>(),
        scheduler);

    private async Task WaitForRequestsAsync(int count)
    {
        for (var i = 0; i < 200 && http.Requests.Count < count; i++)
        {
            await Task.Delay(10);
        }
    }

    private sealed class Handler(Func<IInteractionContext, CancellationToken, Task> handle, bool ephemeral = false) : IInteractionHandler
    {
        public Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken) => handle(context, cancellationToken);

        public bool PrefersEphemeral(Interaction interaction) => ephemeral;
    }

    /// <summary>Queues what is started on it until the test says run, as a thread pool with every thread busy would.</summary>
    private sealed class HeldScheduler : TaskScheduler
    {
        private readonly List<Task> queued = [];

        public void RunAll()
        {
            List<Task> all;
            lock (queued)
            {
                all = [.. queued];
                queued.Clear();
            }

            foreach (var task in all)
            {
                TryExecuteTask(task);
            }
        }

        protected override void QueueTask(Task task)
        {
            lock (queued)
            {
                queued.Add(task);
            }
        }

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks()
        {
            lock (queued)
            {
                return [.. queued];
            }
        }
    }
}
