using Bot.Answering;
using Bot.Discord.Abstractions;

namespace Bot.Commands;

/// <summary><c>/help</c>: what the bot does and how to ask, privately.</summary>
public sealed class HelpCommand(KnowledgeProvider knowledge) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("help", "How to ask the bot about the articles.", [], AllowInDirectMessages: true);

    public bool RepliesPrivately(Interaction interaction) => true;

    public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var current = knowledge.Current;
        var description = $"""
            I answer questions about {current.Articles.Count} news article{(current.Articles.Count == 1 ? string.Empty : "s")} by quoting the paragraphs that answer them, word for word, with where they come from. If the articles don't say, I tell you.

            **/ask** `question:` Why is Xi wary of Kim's embrace of Putin? — add `private: True` to see the answer alone.
            **/quote** `speaker:` Victor Cha — what someone said, exactly, and who they are. `about:` narrows it.
            **/sources** — the articles; `article:` outlines one; `paragraph:` shows one verbatim, to check a citation.
            **Apps → Ask the articles** on any message asks about that message.
            """;
        return context.RespondAsync(
            new MessageReply
            {
                Ephemeral = true,
                Embeds = [new Embed { Title = "Ask the articles", Description = description, Footer = $"knowledge {current.Version}" }],
            },
            cancellationToken);
    }
}
