using Bot.Discord.Abstractions;
using Bot.Moderation;

namespace Bot.Commands;

/// <summary>
/// <c>/help</c>: what the bot does and how to ask, privately. It counts and names what this server's knowledge holds (the
/// shipped articles, its own, or both), so a server that brought its own articles is not shown examples about others.
/// </summary>
public sealed class HelpCommand(GuildSearchers searchers) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("help", "How to ask the bot about the articles.", [], AllowInDirectMessages: true);

    public bool RepliesPrivately(Interaction interaction) => true;

    public async Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        // A server with nothing to answer from is told so, privately, as /ask tells it.
        var view = await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken);
        var current = view.Knowledge;
        var count = current.Articles.Count;
        var own = view.OwnArticles == 0 ? string.Empty
            : view.OwnArticles == count ? " of this server's own"
            : $" ({view.OwnArticles} of them this server's own)";

        // The /quote example is someone these articles quote, so it works when tried.
        var speaker = current.Speakers.Speakers.FirstOrDefault()?.Name;
        var quoteLine = speaker is null
            ? "**/quote** `speaker:` — what someone the articles quote said, exactly, and who they are. `about:` narrows it."
            : $"**/quote** `speaker:` {DiscordMarkdown.Escape(speaker)} — what someone said, exactly, and who they are. `about:` narrows it.";
        var description = $"""
            I answer questions about {count} news article{(count == 1 ? string.Empty : "s")}{own} by quoting the paragraphs that answer them, word for word, with where they come from. If the articles don't say, I tell you.

            **/ask** `question:` anything the articles might answer, in your own words — add `private: True` to see the answer alone.
            {quoteLine}
            **/sources** — the articles; `article:` outlines one; `paragraph:` shows one verbatim, to check a citation.
            **Apps → Ask the articles** on any message asks about that message.
            """;
        await context.RespondAsync(
            new MessageReply
            {
                Ephemeral = true,
                Embeds = [new Embed { Title = "Ask the articles", Description = description, Footer = $"knowledge {current.Version}" }],
            },
            cancellationToken);
    }
}
