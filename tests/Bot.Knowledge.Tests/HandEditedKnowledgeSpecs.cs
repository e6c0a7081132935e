using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Tests;

/// <summary>
/// A knowledge file written with broken references and its checksums recomputed the way the writer computes them (issue
/// 19; the test helper writes an edited payload, damage included): whatever it breaks, loading refuses it with one line
/// saying what, before anything is searched (a passage whose text no longer has its fingerprint is analysed then); it never crashes with an <see cref="IndexOutOfRangeException"/> or a <see cref="KeyNotFoundException"/>.
/// </summary>
public sealed class HandEditedKnowledgeSpecs
{
    public static TheoryData<string, string> Edits => new()
    {
        { "passage-of-a-missing-article", "passage 0 refers to an unknown article (number -1 of 2)" },
        { "passage-out-of-order", "passage 0 is paragraph 2 of 'bloomberg-xi-balancing-act', expected 1" },
        { "paragraphs-miscounted", "article 'bloomberg-xi-balancing-act' claims 99 paragraphs, the file has 19" },
        { "sentence-outside-its-text", "passage 0 has a sentence outside its text" },
        { "term-to-a-missing-passage", "term 'weapon' points at passage 9999, which does not exist" },
        { "term-removed", "the term index lists 40 for it" },
        { "postings-out-of-order", "term '1961' lists its passages out of order (passage 3 after 25)" },
        { "quote-of-a-missing-passage", "a quote of 'Antony Blinken' points outside passage 9999" },
        { "quote-without-speaker", "quote 0 has no speaker" },
        { "article-without-id", "article 0 has no id or title" },
        { "synonym-group-empty", "synonym group 0 is empty or has a blank word" },
        { "synonym-target-blank", "is empty or has a blank word" },
        { "source-without-file", "source 0 lacks its file or checksum" },
        { "another-analyzer", "built with analyzer version 0" },
        { "negative-k1", "BM25 parameters k1 = -1" },
        { "name-not-a-term", "the name 'zanzibar' is not a term of the index" },
        { "surface-word-of-no-term", "the word 'zanzibar' stands for the term 'zanzibar', which the term index lacks" },
        { "acronym-empty", "among the acronyms, synonym group 0 is empty or has a blank word" },
        { "passage-text-not-indexed", "passage 0, bloomberg-xi-balancing-act ¶1, has the term 'zanzibarg', which the term index lacks" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_hand_edited_file_with_a_recomputed_checksum_is_refused_with_the_reason(string edit, string reason)
    {
        var bytes = Edited(Edit(edit));

        var refused = Assert.Throws<KnowledgeFileException>(() => new RankedSearcher(KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.bin"))));

        Assert.Contains("'edited.bin' is inconsistent (", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void A_passage_whose_text_changed_but_whose_words_are_all_indexed_still_reads()
    {
        var bytes = Edited(payload => payload with
        {
            Passages = [payload.Passages[0] with { Text = payload.Passages[0].Text.Replace("Russia", "russia", StringComparison.Ordinal) }, .. payload.Passages.Skip(1)],
        });

        var knowledge = KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.bin"));

        Assert.Contains("russia", knowledge.Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_optional_synonyms_and_quotes_may_be_left_out()
    {
        var bytes = Edited(payload => payload with { Synonyms = null, Quotes = null });

        var knowledge = KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.bin"));
        var result = new RankedSearcher(knowledge).Search("How much are North Korea's weapons shipments to Russia worth?");

        Assert.Empty(knowledge.Synonyms);
        Assert.Empty(knowledge.Quotes);
        Assert.Contains(result.Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));
    }

    [Fact]
    public void The_unedited_file_rewritten_the_same_way_is_the_same_file()
    {
        var bytes = Edited(payload => payload);

        var knowledge = KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.bin"));

        Assert.Equal(File.ReadAllBytes(RepositoryPaths.KnowledgeFile), bytes);
        Assert.Equal(40, knowledge.Passages.Count);
    }

    [Fact]
    public void Words_left_out_of_the_file_are_collected_from_the_passages_and_are_the_ones_the_builder_stores()
    {
        var stored = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile).Words;

        var collected = KnowledgeBase.FromContents(KnowledgeFile.Parse(Edited(payload => payload with { Words = null }), "edited.bin")).Words;

        Assert.Contains("kim", stored.Names);
        Assert.Equal(stored.Names, collected.Names);
        Assert.Equal(stored.SurfaceWords.ToList(), collected.SurfaceWords.ToList());
        Assert.Contains(stored.Acronyms, acronym => acronym.Terms.SequenceEqual(["kju"]));
        Assert.Equal(
            stored.Acronyms.Select(acronym => $"{string.Join(',', acronym.Terms)} → {string.Join(',', acronym.Targets ?? [])}"),
            collected.Acronyms.Select(acronym => $"{string.Join(',', acronym.Terms)} → {string.Join(',', acronym.Targets ?? [])}"));
    }

    /// <summary>The committed knowledge file with <paramref name="edit"/> made to what it holds, written again: new checksums, same layout.</summary>
    internal static byte[] Edited(Func<KnowledgePayload, KnowledgePayload> edit) =>
        KnowledgeFile.Serialize(edit(KnowledgeFile.Read(RepositoryPaths.KnowledgeFile).ToPayload()));

    internal static Func<KnowledgePayload, KnowledgePayload> Edit(string edit) => edit switch
    {
        "passage-of-a-missing-article" => payload => payload with { Passages = Replace(payload.Passages, 0, p => p with { Article = "no-such-article" }) },
        "passage-out-of-order" => payload => payload with { Passages = [payload.Passages[1], payload.Passages[0], .. payload.Passages.Skip(2)] },
        "paragraphs-miscounted" => payload => payload with { Articles = Replace(payload.Articles, 0, a => a with { Paragraphs = 99 }) },
        "sentence-outside-its-text" => payload => payload with { Passages = Replace(payload.Passages, 0, p => p with { Sentences = [[0, p.Text.Length + 1]] }) },
        "term-to-a-missing-passage" => payload => payload with { Terms = Terms(payload, terms => terms["weapon"] = [9999, 1]) },
        "term-removed" => payload => payload with { Terms = Terms(payload, terms => terms.Remove("weapon")) },
        "postings-out-of-order" => payload => payload with { Terms = Terms(payload, terms => terms["1961"] = [25, 1, 3, 1]) },
        "quote-of-a-missing-passage" => payload => payload with { Quotes = Replace(payload.Quotes!, 0, q => q with { Passage = 9999 }) },
        "quote-without-speaker" => payload => payload with { Quotes = Replace(payload.Quotes!, 0, q => q with { Speaker = " " }) },
        "article-without-id" => payload => payload with { Articles = Replace(payload.Articles, 0, a => a with { Id = string.Empty }) },
        "synonym-group-empty" => payload => payload with { Synonyms = Replace(payload.Synonyms!, 0, _ => new SynonymEntry([])) },
        "synonym-target-blank" => payload => payload with
        {
            Synonyms = Replace(payload.Synonyms!, payload.Synonyms!.ToList().FindIndex(group => group.Targets is not null), g => g with { Targets = ["", .. g.Targets!] }),
        },
        "source-without-file" => payload => payload with { Sources = Replace(payload.Sources, 0, source => source with { File = string.Empty }) },
        "another-analyzer" => payload => payload with { Analyzer = payload.Analyzer with { Version = 0 } },
        "negative-k1" => payload => payload with { Analyzer = payload.Analyzer with { K1 = -1 } },
        "name-not-a-term" => payload => payload with { Words = payload.Words! with { Names = [.. payload.Words!.Names, "zanzibar"] } },
        "surface-word-of-no-term" => payload => payload with
        {
            Words = payload.Words! with { SurfaceWords = new Dictionary<string, string>(payload.Words!.SurfaceWords) { ["zanzibar"] = "zanzibar" } },
        },
        "acronym-empty" => payload => payload with { Words = payload.Words! with { Acronyms = Replace(payload.Words!.Acronyms, 0, _ => new SynonymEntry([])) } },
        // Same length, so the sentences still fit: only the words differ from what the index holds (its fingerprint is kept).
        "passage-text-not-indexed" => payload => payload with { Passages = Replace(payload.Passages, 0, p => p with { Text = "Zanzibar" + p.Text[8..] }) },
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, "no such edit"),
    };

    private static List<T> Replace<T>(IReadOnlyList<T> items, int index, Func<T, T> change) =>
        [.. items.Select((item, i) => i == index ? change(item) : item)];

    private static SortedDictionary<string, int[]> Terms(KnowledgePayload payload, Action<SortedDictionary<string, int[]>> change)
    {
        var terms = new SortedDictionary<string, int[]>(payload.Terms.ToDictionary(), StringComparer.Ordinal);
        change(terms);
        return terms;
    }
}
