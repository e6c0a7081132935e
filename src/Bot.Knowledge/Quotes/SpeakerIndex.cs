using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Quotes;

/// <summary>One quote's speaker, as the index needs it: from an <see cref="ExtractedQuote"/> or a knowledge file's quote entry.</summary>
public readonly record struct QuotedSpeaker(string ArticleId, string Speaker, string? Role);

/// <summary>A distinct speaker across the articles.</summary>
/// <param name="Name">The full name as the articles give it.</param>
/// <param name="Role">The role most often given with it (the first one given, on a tie), if any.</param>
/// <param name="QuoteCount">How many quotes are attributed to them.</param>
/// <param name="Articles">The ids of the articles quoting them, in the order first seen.</param>
public sealed record SpeakerSummary(string Name, string? Role, int QuoteCount, IReadOnlyList<string> Articles);

/// <summary>
/// Who is quoted across the articles, most quoted first, with a lookup by partial name for autocomplete
/// ("cha", "victor", "Shen", "patricia kim").
/// </summary>
public sealed class SpeakerIndex
{
    private SpeakerIndex(IReadOnlyList<SpeakerSummary> speakers) => Speakers = speakers;

    /// <summary>Every speaker, most quoted first, then by name.</summary>
    public IReadOnlyList<SpeakerSummary> Speakers { get; }

    public static SpeakerIndex FromArticles(IEnumerable<ParsedArticle> articles) =>
        Build(articles.SelectMany(article => QuoteExtractor.Extract(article)
            .Select(quote => new QuotedSpeaker(article.Id, quote.Speaker, quote.Role))));

    /// <summary>
    /// Groups quotes by speaker. Names are matched case-insensitively, so "Shen Dingli" quoted in two articles is
    /// one speaker; the spelling first seen is kept.
    /// </summary>
    public static SpeakerIndex Build(IEnumerable<QuotedSpeaker> quotes)
    {
        var speakers = quotes
            .GroupBy(quote => quote.Speaker, StringComparer.OrdinalIgnoreCase)
            .Select(group => new SpeakerSummary(
                group.First().Speaker,
                group.Where(quote => quote.Role is not null)
                    .GroupBy(quote => quote.Role, StringComparer.Ordinal)
                    .OrderByDescending(role => role.Count())
                    .FirstOrDefault()?.Key,
                group.Count(),
                group.Select(quote => quote.ArticleId).Distinct(StringComparer.Ordinal).ToList()))
            .OrderByDescending(speaker => speaker.QuoteCount)
            .ThenBy(speaker => speaker.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new SpeakerIndex(speakers);
    }

    /// <summary>
    /// Speakers whose name matches what was typed: every typed word must begin one of the name's words,
    /// ignoring case ("cha" → Victor Cha, "patricia k" → Patricia M Kim). An exact name comes first, then the
    /// most quoted. Word prefixes rather than substrings, so "cha" does not offer every "Richard".
    /// </summary>
    public IReadOnlyList<SpeakerSummary> Find(string partialName, int limit = 25)
    {
        var typed = partialName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Speakers
            .Where(speaker => Matches(speaker.Name, typed))
            .OrderByDescending(speaker => string.Equals(speaker.Name, partialName.Trim(), StringComparison.OrdinalIgnoreCase))
            .Take(limit)
            .ToList();
    }

    private static bool Matches(string name, string[] typed)
    {
        var words = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var part in typed)
        {
            var index = words.FindIndex(word => word.StartsWith(part, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return false;
            }

            // Each typed word uses up a different name word: "kim kim" does not match "Patricia M Kim".
            words.RemoveAt(index);
        }

        return true;
    }
}
