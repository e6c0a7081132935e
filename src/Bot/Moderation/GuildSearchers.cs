using System.Collections.Concurrent;
using Bot.Answering;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>A server's knowledge and its answer search (the server's aliases included).</summary>
public sealed record GuildAnswers(KnowledgeBase Knowledge, IPassageSearcher Searcher, int OwnArticles);

/// <summary>
/// The answer search for a server: its knowledge (<see cref="GuildKnowledge"/>: the shipped articles and its own), plus
/// the server's aliases when it has any. Each server's searcher is kept until its aliases or its knowledge change.
/// </summary>
public sealed class GuildSearchers(GuildKnowledge knowledge, ModerationState state)
{
    public const string NoArticles =
        "This server has no articles to answer from: its moderators turned the shipped articles off and added none. A moderator can add some with /mod articles add, or turn the shipped ones on with /mod articles shipped mode: on.";

    private readonly ConcurrentDictionary<Snowflake, Entry> _byGuild = new();

    /// <summary>The server's knowledge and search; the shipped knowledge outside a server. Refuses (privately) a server with nothing to answer from.</summary>
    public async ValueTask<GuildAnswers> ForGuildAsync(Snowflake? guildId, CancellationToken cancellationToken)
    {
        var view = await knowledge.ForGuildAsync(guildId, cancellationToken) ?? throw new UserFacingException(NoArticles);
        if (guildId is not { } guild || view.Searcher is not RankedSearcher answers)
        {
            return new GuildAnswers(view.Knowledge, view.Searcher, view.OwnArticles);
        }

        var aliases = (await state.GetAsync(guild, cancellationToken)).Aliases;
        if (aliases.Count == 0)
        {
            return new GuildAnswers(view.Knowledge, view.Searcher, view.OwnArticles);
        }

        // The settings object is replaced on every change, so the same alias list means the same aliases.
        if (_byGuild.TryGetValue(guild, out var entry) && ReferenceEquals(entry.Base, view.Searcher) && ReferenceEquals(entry.Aliases, aliases))
        {
            return new GuildAnswers(view.Knowledge, entry.Searcher, view.OwnArticles);
        }

        var searcher = answers.WithAliases(ToSynonyms(aliases));
        _byGuild[guild] = new Entry(view.Searcher, aliases, searcher);
        return new GuildAnswers(view.Knowledge, searcher, view.OwnArticles);
    }

    /// <summary>An alias is one way: a question saying the term also finds what it means, each of its comma-separated parts.</summary>
    internal static IReadOnlyList<SynonymEntry> ToSynonyms(IReadOnlyList<GuildAlias> aliases) =>
        aliases.Select(alias => new SynonymEntry([alias.Term], AliasText.Meanings(alias.Means))).ToList();

    private sealed record Entry(IPassageSearcher Base, IReadOnlyList<GuildAlias> Aliases, IPassageSearcher Searcher);
}

/// <summary>How a moderator's alias text is read and stored: lower case, single spaces, comma-separated meanings.</summary>
internal static class AliasText
{
    public static string Normalize(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static IReadOnlyList<string> Meanings(string means) =>
        means.Split(',').Select(Normalize).Where(part => part.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
