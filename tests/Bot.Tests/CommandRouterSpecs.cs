using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests;

public sealed class CommandRouterSpecs
{
    private sealed class ThrowingCommand(Exception problem) : IBotCommand
    {
        public CommandDefinition Definition { get; } = new("boom", "Fails.", []);

        public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken) => throw problem;
    }

    private sealed class PrivateCommand : IBotCommand
    {
        public CommandDefinition Definition { get; } = new("secret", "Private.", []);

        public bool RepliesPrivately(Interaction interaction) => true;

        public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class AnsweringCommand : IBotCommand
    {
        public CommandDefinition Definition { get; } = new("hello", "Answers.", []);

        public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken) =>
            context.RespondAsync(MessageReply.Text($"Hello, {context.Interaction.User.DisplayName}."), cancellationToken);
    }

    private sealed class RefuseEveryone : IInteractionGuard
    {
        public ValueTask<string?> CheckAsync(Interaction interaction, CancellationToken cancellationToken) => ValueTask.FromResult<string?>("Not here, please.");
    }

    private sealed class LetEveryoneThrough : IInteractionGuard
    {
        public int Checked { get; private set; }

        public ValueTask<string?> CheckAsync(Interaction interaction, CancellationToken cancellationToken)
        {
            Checked++;
            return ValueTask.FromResult<string?>(null);
        }
    }

    private static CommandRouter Router(IEnumerable<IBotCommand> commands, params IInteractionGuard[] guards) =>
        new(commands, [], guards, NullLogger<CommandRouter>.Instance);

    [Fact]
    public async Task A_command_that_fails_gets_a_short_private_apology_and_no_internals()
    {
        var context = new RecordingContext(RecordingContext.Command("boom"));

        await Router([new ThrowingCommand(new InvalidOperationException("secret stack detail"))]).HandleAsync(context, CancellationToken.None);

        var reply = Assert.Single(context.Replies);
        Assert.True(reply.Ephemeral);
        Assert.Equal("Something went wrong while answering. Please try again.", reply.Content);
    }

    [Fact]
    public async Task A_problem_the_user_can_fix_is_shown_to_them_as_written()
    {
        var context = new RecordingContext(RecordingContext.Command("boom"));

        await Router([new ThrowingCommand(new UserFacingException("Ask a shorter question."))]).HandleAsync(context, CancellationToken.None);

        Assert.Equal("Ask a shorter question.", Assert.Single(context.Replies).Content);
    }

    [Fact]
    public async Task A_guard_refusal_stops_the_command_with_a_private_note()
    {
        var context = new RecordingContext(RecordingContext.Command("boom"));

        await Router([new ThrowingCommand(new InvalidOperationException("must not run"))], new RefuseEveryone()).HandleAsync(context, CancellationToken.None);

        var reply = Assert.Single(context.Replies);
        Assert.Equal(("Not here, please.", true), (reply.Content, reply.Ephemeral));
    }

    [Fact]
    public async Task A_guard_that_lets_the_member_through_leaves_the_command_to_answer()
    {
        var context = new RecordingContext(RecordingContext.Command("hello"));
        var guard = new LetEveryoneThrough();

        await Router([new AnsweringCommand()], guard).HandleAsync(context, CancellationToken.None);

        var reply = Assert.Single(context.Replies);
        Assert.Equal(("Hello, member.", false), (reply.Content, reply.Ephemeral));
        Assert.Equal(1, guard.Checked);
    }

    [Fact]
    public async Task A_command_Discord_says_came_too_late_gets_no_apology_that_could_not_land()
    {
        var context = new RecordingContext(RecordingContext.Command("boom"));

        await Router([new ThrowingCommand(new InteractionExpiredException("Interaction 10 is no longer known to Discord: Unknown interaction"))]).HandleAsync(context, CancellationToken.None);

        Assert.Empty(context.Replies);
    }

    [Fact]
    public void A_deferral_on_a_slow_commands_behalf_has_the_visibility_of_its_reply()
    {
        var router = Router([new PrivateCommand(), new ThrowingCommand(new InvalidOperationException())]);

        Assert.True(router.PrefersEphemeral(RecordingContext.Command("secret")));
        Assert.False(router.PrefersEphemeral(RecordingContext.Command("boom")));
        Assert.True(router.PrefersEphemeral(RecordingContext.Command("boom", RecordingContext.Option("private", "true", CommandOptionType.Boolean))));
        Assert.True(router.PrefersEphemeral(RecordingContext.Command("boom") with { Kind = InteractionKind.MessageComponent, CustomId = "full:x:1" }));
    }
}
