using System.Text;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Bot.Benchmarks.Corpus;

/// <summary>
/// The "word base" files the analyzer embeds and joins before stemming (irregular verbs, British spellings): each
/// generator keeps only the pairs Porter does not already join, and writes its pairs the same way under its own header.
/// </summary>
internal static class WordPairFile
{
    /// <summary>The word's stem as Lucene's Porter stemmer gives it, before anything the analyzer adds.</summary>
    public static string Porter(string word)
    {
        var stemmer = new PorterStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    /// <summary>Writes <paramref name="header"/> (its lines ending in a newline), then one "word base" line a pair, in the pairs' order.</summary>
    public static void Write(string path, string header, SortedDictionary<string, string> pairs)
    {
        var lines = new StringBuilder(header);
        foreach (var (word, target) in pairs)
        {
            lines.Append(word).Append(' ').Append(target).Append('\n');
        }

        File.WriteAllText(path, lines.ToString());
    }
}
