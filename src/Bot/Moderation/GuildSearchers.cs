using System.Collections.Concurrent;
using Bot.Answering;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>
/// The answer search for a server: the knowledge's own searcher, plus the server's aliases when it has any. Each
/// server's searcher is kept until its aliases change or the knowledge is reloaded.
/// </summary>
public sealed class GuildSearchers(KnowledgeProvider knowledge, ModerationState state)
{
    private readonly ConcurrentDictionary<Snowflake, Entry> _byGuild = new();

    public async ValueTask<IPassageSearcher> ForGuildAsync(Snowflake? guildId, CancellationToken cancellationToken)
    {
        var shared = knowledge.Searcher;
        if (guildId is not { } guild || shared is not RankedSearcher answers)
        {
            return shared;
        }

        var aliases = (await state.GetAsync(guild, cancellationToken)).Aliases;
        if (aliases.Count == 0)
        {
            return shared;
        }

        // The settings object is replaced on every change, so the same alias list means the same aliases.
        if (_byGuild.TryGetValue(guild, out var entry) && ReferenceEquals(entry.Shared, shared) && ReferenceEquals(entry.Aliases, aliases))
        {
            return entry.Searcher;
        }

        var searcher = answers.WithAliases(ToSynonyms(aliases));
        _byGuild[guild] = new Entry(shared, aliases, searcher);
        return searcher;
    }

    /// <summary>An alias is one way: a question saying the term also finds what it means, each of its comma-separated parts.</summary>
    internal static IReadOnlyList<SynonymEntry> ToSynonyms(IReadOnlyList<GuildAlias> aliases) =>
        aliases.Select(alias => new SynonymEntry([alias.Term], AliasText.Meanings(alias.Means))).ToList();

    private sealed record Entry(IPassageSearcher Shared, IReadOnlyList<GuildAlias> Aliases, IPassageSearcher Searcher);
}

/// <summary>How a moderator's alias text is read and stored: lower case, single spaces, comma-separated meanings.</summary>
internal static class AliasText
{
    public static string Normalize(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static IReadOnlyList<string> Meanings(string means) =>
        means.Split(',').Select(Normalize).Where(part => part.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
