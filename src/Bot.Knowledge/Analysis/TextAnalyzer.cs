using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Lucene.Net.Analysis.En;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Bot.Knowledge.Analysis;

/// <summary>
/// Turns text into index terms: word splitting with the folding people's questions need (curly quotes,
/// dashes, possessives, "$5.5bn", zero-width characters), Lucene's English stop set and Lucene's
/// Snowball Porter stemmer.
/// </summary>
/// <remarks>
/// Why not Lucene's <c>EnglishAnalyzer</c> as a whole: its StandardTokenizer keeps "5.5bn" as one token and
/// cannot report the folding we need for highlighting, and its TokenStream pipeline costs far more per short
/// query than the search itself (the targets are tens of microseconds). So the tokenizer is ours, and the parts
/// Lucene does well, the stop list and the Porter stemmer, are Lucene's. Stems are cached per surface form:
/// the vocabulary of a corpus is small next to its word count.
/// </remarks>
public sealed class TextAnalyzer
{
    /// <summary>Bumped whenever a change here would change the terms of an existing knowledge file.</summary>
    public const int Version = 7;

    public const string Description = "word tokenizer with quote/dash/possessive folding, Lucene English stop set, Lucene Snowball Porter stemmer";

    private static readonly HashSet<string> StopWords = BuildStopWords();

    /// <summary>
    /// Words cached at most: a corpus's vocabulary fits many times over, but questions are user input, and a stream of
    /// made-up words must not grow a long-running bot's memory without end (about 25 MB at the cap).
    /// </summary>
    private const int MaxCachedWords = 250_000;

    [ThreadStatic]
    private static PorterStemmer? _stemmer;

    private readonly ConcurrentDictionary<string, string> _stemCache = new(StringComparer.Ordinal);

    // The caches' sizes, counted as words are added: a ConcurrentDictionary's Count takes every one of its locks (hundreds
    // once the table has grown), and asking it for every new word cost a build of 500 texts most of its time.
    private int _stemCount;
    private int _foldedCount;

    /// <summary>Every lower-cased word seen that opens with a letter, with its term: the vocabulary is small next to the word count.</summary>
    private readonly ConcurrentDictionary<string, (string Term, bool IsStop)> _folded;

    private readonly ConcurrentDictionary<string, (string Term, bool IsStop)>.AlternateLookup<ReadOnlySpan<char>> _foldedBySpan;

    public TextAnalyzer()
    {
        _folded = new(StringComparer.Ordinal);
        _foldedBySpan = _folded.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static TextAnalyzer Shared { get; } = new();

    /// <summary>The English stop words, as Lucene's <c>EnglishAnalyzer.DefaultStopSet</c> has them.</summary>
    public static IReadOnlyCollection<string> EnglishStopWords => StopWords;

    /// <summary>Analyses <paramref name="text"/> into terms, dropping stop words.</summary>
    public List<Token> Analyze(string text)
    {
        var tokens = new List<Token>();
        Analyze(text, tokens, keepStopWords: false);
        return tokens;
    }

    /// <summary>Analyses <paramref name="text"/> into <paramref name="tokens"/>; stop words are kept when asked (for phrase-aware callers).</summary>
    /// <remarks>
    /// The build runs this over every word of every article once, in a fresh process, so it folds into a stack buffer
    /// and looks the word up by span: a word seen before costs no allocation. (It is precompiled like the rest: marking it
    /// for optimisation at the first call kept it out of the ReadyToRun image, to be compiled before the first answer.)
    /// </remarks>
    public void Analyze(string text, List<Token> tokens, bool keepStopWords)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        Span<char> stack = stackalloc char[64];
        char[]? rented = null;
        var word = stack;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text, i))
            {
                i++;
                continue;
            }

            var start = i;
            var possessive = 0;
            var wordLength = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (IsWordChar(text, i))
                {
                    if (!IsIgnorable(c))
                    {
                        if (wordLength == word.Length)
                        {
                            word = Grow(word, ref rented);
                        }

                        word[wordLength++] = ToLower(c);
                    }

                    i++;
                }
                else if (IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]) && wordLength > 0)
                {
                    // Possessives and contractions: "Kim's" → "kim", "didn’t" → "didnt".
                    var next = char.ToLowerInvariant(text[i + 1]);
                    var endsWord = i + 2 >= text.Length || !char.IsLetterOrDigit(text[i + 2]);
                    if (next == 's' && endsWord)
                    {
                        possessive = 2;
                        i += 2;
                        break;
                    }

                    i++;
                }
                else if (c is '.' or ',' && wordLength > 0 && char.IsDigit(word[wordLength - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                {
                    // Decimal numbers stay whole ("5.5"); thousands separators vanish ("10,000" → "10000").
                    if (c == '.')
                    {
                        if (wordLength == word.Length)
                        {
                            word = Grow(word, ref rented);
                        }

                        word[wordLength++] = '.';
                    }

                    i++;
                }
                else
                {
                    break;
                }
            }

            if (wordLength == 0)
            {
                continue;
            }

            var length = i - start - possessive;
            var surface = word[..wordLength];
            if (!char.IsDigit(surface[0]))
            {
                // Only a word opening with a digit can split into number and unit.
                var (term, isStop) = Fold(surface);
                if (!isStop || keepStopWords)
                {
                    tokens.Add(new Token(term, start, length, position));
                }

                position++;
                continue;
            }

            foreach (var (piece, pieceStart, pieceLength) in SplitNumberAndUnit(surface.ToString(), start, length))
            {
                var isStop = StopWords.Contains(piece);
                if (!isStop || keepStopWords)
                {
                    tokens.Add(new Token(isStop ? piece : Stem(piece), pieceStart, pieceLength, position));
                }

                position++;
            }
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The term a single word becomes, or null for a stop word or a non-word.</summary>
    public string? Term(string word)
    {
        var tokens = Analyze(word);
        return tokens.Count == 1 ? tokens[0].Term : null;
    }

    /// <summary>Stems one lower-cased word with the Snowball Porter stemmer (cached).</summary>
    public string Stem(string word)
    {
        if (word.Length <= 2 || char.IsDigit(word[0]))
        {
            return word;
        }

        if (_stemCache.TryGetValue(word, out var stem))
        {
            return stem;
        }

        stem = Snowball(word);
        if (Volatile.Read(ref _stemCount) < MaxCachedWords && _stemCache.TryAdd(word, stem))
        {
            Interlocked.Increment(ref _stemCount);
        }

        return stem;
    }

    private static string Snowball(string word)
    {
        // The Snowball stemmer is stateful, so each thread gets its own.
        var stemmer = _stemmer ??= new PorterStemmer();
        var regular = IrregularForms.GetValueOrDefault(word, word);
        stemmer.SetCurrent(regular);
        stemmer.Stem();
        var stem = stemmer.Current;

        // Porter cuts some words to two letters ("use", "used", "using" → "us"), where they would meet short words and
        // acronyms ("US"); the mark keeps such a stem apart and still shared by the word's forms. A short base an
        // irregular form stands for is the word itself ("went" is "go").
        return stem.Length < 3 && regular.Length > stem.Length ? stem + ShortStemMark : stem;
    }

    /// <summary>
    /// Words Porter cannot join to the word they are a form or a spelling of, and that word. Irregular past forms of verbs
    /// and their base ("paid" stays "paid", "went" "went"): "did they pay" must find "they paid"; <c>irregular-verbs.txt</c>,
    /// generated from a published list of English irregular verbs less the forms that are mostly other words
    /// (Bot.Benchmarks' <c>irregular-verbs</c> verb says which and why). British spellings and the American one ("colour"
    /// and "color", "defence" and "defense"): a member's spelling must find the article's, whichever side of the Atlantic
    /// either is from; <c>british-spellings.txt</c>, from a published list of the two spellings (the
    /// <c>british-spellings</c> verb).
    /// </summary>
    private static readonly FrozenDictionary<string, string> IrregularForms = LoadForms();

    /// <summary>The embedded "word base" lines of both files into word → base (a British past form: its American base).</summary>
    private static FrozenDictionary<string, string> LoadForms()
    {
        // A loop, not LINQ over (form, base) pairs: this runs in every fresh process, and LINQ over pairs is compiled there.
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in EmbeddedData.Lines("Bot.Knowledge.Analysis.irregular-verbs.txt"))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                forms[line[..space]] = line[(space + 1)..];
            }
        }

        foreach (var line in EmbeddedData.Lines("Bot.Knowledge.Analysis.british-spellings.txt"))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && !forms.ContainsKey(line[..space]))
            {
                var american = line[(space + 1)..];
                forms[line[..space]] = forms.GetValueOrDefault(american, american);
            }
        }

        return forms.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>What a stem cut to under three letters from a longer word ends with.</summary>
    public const char ShortStemMark = '_';

    /// <summary>A lower-cased word that does not open with a digit: its term (the word itself for a stop word) and whether it is a stop word.</summary>
    private (string Term, bool IsStop) Fold(ReadOnlySpan<char> surface)
    {
        if (_foldedBySpan.TryGetValue(surface, out var folded))
        {
            return folded;
        }

        // This cache holds every such word, so the stem cache is not filled as well (same rule as Stem).
        var word = surface.ToString();
        folded = StopWords.Contains(word) ? (word, true) : (word.Length <= 2 ? word : Snowball(word), false);
        if (Volatile.Read(ref _foldedCount) < MaxCachedWords && _folded.TryAdd(word, folded))
        {
            Interlocked.Increment(ref _foldedCount);
        }

        return folded;
    }

    private static Span<char> Grow(Span<char> word, ref char[]? rented)
    {
        var larger = ArrayPool<char>.Shared.Rent(word.Length * 2);
        word.CopyTo(larger);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        rented = larger;
        return larger;
    }

    private static char ToLower(char c) => c < 0x80 ? (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c) : char.ToLowerInvariant(c);

    /// <summary>"5.5bn" → "5.5" + "bn"; "2019" stays whole; "g20" stays whole.</summary>
    private static IEnumerable<(string Piece, int Start, int Length)> SplitNumberAndUnit(string surface, int start, int length)
    {
        var digitsEnd = 0;
        while (digitsEnd < surface.Length && (char.IsDigit(surface[digitsEnd]) || surface[digitsEnd] == '.'))
        {
            digitsEnd++;
        }

        if (digitsEnd == 0 || digitsEnd == surface.Length || !char.IsDigit(surface[0]))
        {
            yield return (surface, start, length);
            yield break;
        }

        var rest = surface[digitsEnd..];
        if (!rest.All(char.IsLetter))
        {
            yield return (surface, start, length);
            yield break;
        }

        var numberLength = Math.Min(length, digitsEnd);
        yield return (surface[..digitsEnd], start, numberLength);
        yield return (rest, start + numberLength, length - numberLength);
    }

    private static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        // Combining marks and zero-width joiners inside a word must not split it ("Pyong\u200Byang").
        return IsIgnorable(c) && i > 0 && char.IsLetterOrDigit(text[i - 1]);
    }

    // No ASCII character is a mark or a format character, and most text is ASCII.
    private static bool IsIgnorable(char c) =>
        c >= 0x80
        && (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD'
            || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format);

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC';

    private static HashSet<string> BuildStopWords()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in EnglishAnalyzer.DefaultStopSet)
        {
            set.Add(entry?.ToString() ?? string.Empty);
        }

        set.Remove(string.Empty);
        return set;
    }
}
