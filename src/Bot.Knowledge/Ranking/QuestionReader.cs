using System.Buffers;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// Stages one and two of the answer search, analysis and expansion: a question becomes concepts, one per word that says
/// what it is about, each with the ways the articles may say it (the word itself; what a chat word stands for; the
/// knowledge's synonyms and a server's aliases; for a word the articles lack, the one word of theirs it is a typo of),
/// weighted by how telling it is: its idf in the articles, discounted by how common it is in English at large, so that
/// "what", "did" and "tell" weigh next to nothing though no stop list names them.
/// </summary>
internal sealed class QuestionReader(PassageIndex index, SynonymTable synonyms, SpellingIndex spelling, RankingModel model)
{
    /// <summary>Shorter unknown words are too often chat or real words ("won", "cup") to correct.</summary>
    private const int MinimumTypoLength = 4;

    /// <summary>The longest acronym looked for as dotted letters ("N.A.A.C.P.").</summary>
    private const int MaximumAcronymLength = 6;

    /// <summary>The shortest half of a closed compound ("non" of "nonviolence"): shorter halves are mostly not words.</summary>
    private const int MinimumCompoundPart = 3;

    /// <summary>
    /// The endings English writes on a number, which the analyzer splits from it: an ordinal's ("2nd" is "2" and "nd") and
    /// a decade's ("1890s" is "1890" and "s").
    /// </summary>
    private static readonly HashSet<string> NumberEndings = new(["st", "nd", "rd", "th", "s"], StringComparer.Ordinal);

    /// <summary>Punctuation that ends a clause of a question: a question word after it asks again.</summary>
    private static readonly SearchValues<char> ClauseBreaks = SearchValues.Create(",;:.?!()\u2013\u2014");

    private static readonly EnglishUsage Usage = EnglishUsage.Shared;

    private static readonly EnglishWordFrequencies English = EnglishWordFrequencies.Shared;

    public ReadQuestion Read(string question, TextAnalyzer analyzer)
    {
        var tokens = analyzer.Analyze(question);
        var words = LowerCaseWords(question);
        var concepts = new List<Concept>(tokens.Count);
        var unknown = new List<string>();
        var rarities = new List<double>(tokens.Count);
        var terms = tokens.Select(token => token.Term).ToArray();
        for (var i = 0; i < tokens.Count; i++)
        {
            var surface = question.Substring(tokens[i].Start, tokens[i].Length);
            var lower = surface.ToLowerInvariant();
            if (IsNumberEnding(question, tokens[i], lower))
            {
                // Its number is the concept; the ending alone would be a word no article has ("the 2nd mrs laguardia"),
                // weighing as much as a rare name, or one that says nothing ("th" of every "20th", "s" of the "1890s").
                continue;
            }

            // A chat word ("ppl") or a contraction ("doesn't") stands for other words, and is read as them too; one that
            // stands only for stop words ("lol", "they're") says nothing about what is asked.
            string[]? stands = null;
            if (Usage.Informal.TryGetValue(lower, out var meaning) || Contractions.TryExpand(lower, out meaning))
            {
                stands = [.. analyzer.Analyze(meaning).Select(token => token.Term)];
                if (stands.Length == 0)
                {
                    continue;
                }
            }

            var (phraseLength, synonymPhrases) = synonyms.LongestMatch(terms.AsSpan(i));
            var alternatives = new List<Alternative>();
            var own = index.TermIds.TryGetValue(terms[i], out var id) ? id : -1;
            if (phraseLength > 1)
            {
                // A phrase of the synonym table ("north korea") is one concept, said by any of its phrases.
                Add(alternatives, terms[i..(i + phraseLength)], 1);
                surface = question[tokens[i].Start..(tokens[i + phraseLength - 1].Start + tokens[i + phraseLength - 1].Length)];
                i += phraseLength - 1;
            }
            else if (own >= 0)
            {
                alternatives.Add(new Alternative([own], 1));
            }

            foreach (var phrase in synonymPhrases)
            {
                Add(alternatives, phrase, model.SynonymWeight);
            }

            if (stands is not null)
            {
                Add(alternatives, stands, model.SynonymWeight);
            }

            if (alternatives.Count == 0 && OpenCompound(lower, analyzer) is { } parts)
            {
                // "nonviolence" where the articles write "non-violence", "healthcare" where they write "health care".
                alternatives.Add(new Alternative(parts, 1));
            }

            if (alternatives.Count == 0 && DottedAcronym(lower, analyzer) is { } letters)
            {
                // "FBI" where the articles write "F.B.I.", which the analyzer reads as its letters.
                alternatives.Add(new Alternative(letters, 1));
            }

            if (alternatives.Count == 0 && lower.Length >= MinimumTypoLength && !English.IsEnglishWord(lower)
                && spelling.TryOnlyNear(lower, out var near) && index.TermIds.TryGetValue(analyzer.Term(near) ?? near, out var corrected))
            {
                alternatives.Add(new Alternative([corrected], model.TypoWeight));
            }

            var englishRarity = English.Rarity(terms[i], mayBeTypo: own < 0);
            var rarity = Math.Pow(englishRarity, model.EnglishRarityExponent);
            rarities.Add(englishRarity);
            if (alternatives.Count == 0)
            {
                unknown.Add(surface);
                concepts.Add(new Concept(surface, [], index.UnseenIdf * rarity));
                continue;
            }

            var idf = 0.0;
            foreach (var alternative in alternatives)
            {
                foreach (var term in alternative.TermIds)
                {
                    idf = Math.Max(idf, index.Idf(index.DocumentFrequencies[term]));
                }
            }

            concepts.Add(new Concept(surface, [.. alternatives], idf * rarity));
        }

        return new ReadQuestion(concepts, rarities, Usage.TypesAskedBy(words), unknown);
    }

    private static bool IsNumberEnding(string question, Token token, string lower) =>
        token.Start > 0 && char.IsDigit(question[token.Start - 1]) && NumberEndings.Contains(lower);

    /// <summary>
    /// A word the articles lack, written closed, that they write as two words (open or hyphenated, which the analyzer splits):
    /// the two words' terms, when some passage says the second right after the first; the split whose rarer half is the
    /// most telling wins.
    /// </summary>
    private int[]? OpenCompound(string word, TextAnalyzer analyzer)
    {
        int[]? best = null;
        var bestIdf = 0.0;
        for (var cut = MinimumCompoundPart; cut <= word.Length - MinimumCompoundPart; cut++)
        {
            if (analyzer.Term(word[..cut]) is not { } first || analyzer.Term(word[cut..]) is not { } second
                || !index.TermIds.TryGetValue(first, out var firstId) || !index.TermIds.TryGetValue(second, out var secondId)
                || !index.SaysInOrder([firstId, secondId]))
            {
                continue;
            }

            var idf = Math.Min(index.Idf(index.DocumentFrequencies[firstId]), index.Idf(index.DocumentFrequencies[secondId]));
            if (idf > bestIdf)
            {
                (best, bestIdf) = ([firstId, secondId], idf);
            }
        }

        return best;
    }

    /// <summary>A short word the articles lack whose letters they say one after another ("F.B.I."): those letters' terms.</summary>
    private int[]? DottedAcronym(string word, TextAnalyzer analyzer)
    {
        if (word.Length is < 2 or > MaximumAcronymLength || !word.All(char.IsAsciiLetter))
        {
            return null;
        }

        var letters = new int[word.Length];
        for (var k = 0; k < word.Length; k++)
        {
            if (analyzer.Term(word[k].ToString()) is not { } term || !index.TermIds.TryGetValue(term, out letters[k]))
            {
                return null;
            }
        }

        return index.SaysInOrder(letters) ? letters : null;
    }

    /// <summary>Adds a way of saying the concept when the articles know every word of it.</summary>
    private void Add(List<Alternative> alternatives, string[] phrase, double weight)
    {
        var ids = new int[phrase.Length];
        for (var k = 0; k < phrase.Length; k++)
        {
            if (!index.TermIds.TryGetValue(phrase[k], out ids[k]))
            {
                return;
            }
        }

        if (!alternatives.Exists(known => known.TermIds.AsSpan().SequenceEqual(ids)))
        {
            alternatives.Add(new Alternative(ids, weight));
        }
    }

    /// <summary>
    /// The question's words, stop words included, lower-cased, with a break where punctuation ends a clause: what the
    /// answer-type phrases are matched on.
    /// </summary>
    private static List<string> LowerCaseWords(string question)
    {
        var end = question.Length;
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= end; i++)
        {
            var letter = i < end && (char.IsLetterOrDigit(question[i]) || question[i] == '\'');
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(question[start..i].ToLowerInvariant());
                start = -1;
            }

            if (i < end && ClauseBreaks.Contains(question[i]) && words.Count > 0 && words[^1] != EnglishUsage.ClauseBreak)
            {
                words.Add(EnglishUsage.ClauseBreak);
            }
        }

        return words;
    }
}

/// <summary>A question as the search reads it: its concepts, the answer types it asks for, and the words no article has.</summary>
/// <remarks><see cref="Rarities"/>: per concept, how rare its word is in English at large (0 every text, 1 none): names and
/// rare words near 1, everyday words lower.</remarks>
internal sealed record ReadQuestion(IReadOnlyList<Concept> Concepts, IReadOnlyList<double> Rarities, AnswerType Asks, IReadOnlyList<string> UnknownWords)
{
    /// <summary>From this English rarity on, a word is as rare as a name: what a question is about, not how it is put.</summary>
    public const double NameLikeRarity = 0.7;

    /// <summary>The weight of the concepts some article knows, summed once: every candidate's features are shares of it.</summary>
    public double KnownWeight { get; } = Concepts.Where(concept => concept.Known).Sum(concept => concept.Weight);

    public double TotalWeight { get; } = Concepts.Sum(concept => concept.Weight);
}
