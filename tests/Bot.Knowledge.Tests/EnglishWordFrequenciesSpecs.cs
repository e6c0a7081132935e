using Bot.Knowledge.Analysis;

namespace Bot.Knowledge.Tests;

public sealed class EnglishWordFrequenciesSpecs
{
    private static double RarityOf(string word) => EnglishWordFrequencies.Shared.Rarity(TextAnalyzer.Shared.Term(word)!);

    [Fact]
    public void A_word_every_text_uses_is_less_telling_than_a_name_few_texts_use()
    {
        Assert.InRange(RarityOf("because"), 0, 0.2);
        Assert.InRange(RarityOf("happy"), 0.2, 0.6);
        Assert.True(RarityOf("pope") > RarityOf("happy"), $"pope {RarityOf("pope")}, happy {RarityOf("happy")}");
        Assert.Equal(1, RarityOf("kishida"));
    }

    [Fact]
    public void The_stems_stored_with_the_word_list_are_the_analyzers()
    {
        // The list carries its stems so that a fresh process need not stem 22,000 words before its first answer; a
        // changed stemmer must regenerate it (the benchmarks' english-frequencies verb).
        using var stream = typeof(EnglishWordFrequencies).Assembly.GetManifestResourceStream("Bot.Knowledge.Analysis.english-word-frequencies.txt")!;
        using var reader = new StreamReader(stream);
        var words = new List<(string Word, string Stem)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] is not ('#' or '@'))
            {
                var fields = line.Split(' ');
                words.Add((fields[0], fields[^1] is ['>', .. var stem] ? stem : fields[0]));
            }
        }

        Assert.True(words.Count > 20_000, $"only {words.Count} words read");
        Assert.Empty(words.Where(entry => TextAnalyzer.Shared.Stem(entry.Word) != entry.Stem).Take(5));
    }

    [Fact]
    public void A_stem_is_as_common_as_its_commonest_form()
    {
        Assert.Equal(RarityOf("give"), RarityOf("giving"));
    }

    [Theory]
    [InlineData("france", true)]
    [InlineData("merkel", true)]
    [InlineData("main", false)] // "Maine" stems to "main" too, but is the rarer form
    [InlineData("happy", false)]
    [InlineData("10", false)]
    [InlineData("blah", false)]
    [InlineData("lanch", false)] // "launch" mistyped
    [InlineData("intercede", false)] // in no Brown text, but in the dictionary
    [InlineData("bellicose", false)]
    [InlineData("kishida", true)]
    public void Names_are_the_words_english_mostly_uses_as_proper_nouns_or_never(string word, bool isName)
    {
        Assert.Equal(isName, EnglishWordFrequencies.Shared.IsLikelyName(TextAnalyzer.Shared.Term(word)!));
    }

    [Theory]
    [InlineData("intercede", true)]
    [InlineData("happy", true)]
    [InlineData("kishida", false)]
    [InlineData("zelensky", false)]
    public void The_dictionary_knows_rare_words_the_brown_texts_lack(string word, bool isWord)
    {
        Assert.Equal(isWord, EnglishWordFrequencies.Shared.IsDictionaryWord(TextAnalyzer.Shared.Term(word)!));
    }
}
