using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

/// <summary>
/// A knowledge file edited by hand, its checksum recomputed the way the writer computes it (issue 19): whatever it
/// breaks, loading refuses it with one line saying what, before anything is searched (a passage whose text no longer
/// has its fingerprint is analysed then; one without a fingerprint when a search first reads it); it never crashes with
/// a <see cref="NullReferenceException"/> or a <see cref="KeyNotFoundException"/>.
/// </summary>
public sealed class HandEditedKnowledgeSpecs
{
    public static TheoryData<string, string> Edits => new()
    {
        { "passage-of-a-missing-article", "passage 0 refers to an unknown article 'no-such-article'" },
        { "term-to-a-missing-passage", "term 'weapon' points at passage 9999, which does not exist" },
        { "term-removed", "the term index lists 40 for it" },
        { "postings-out-of-order", "term '1961' lists its passages out of order (passage 3 after 25)" },
        { "quote-of-a-missing-passage", "a quote of 'Antony Blinken' points outside passage 9999" },
        { "quote-null", "quote 0 is null or has no speaker" },
        { "article-null", "article 0 is null or has no id, title or source file" },
        { "passage-null", "passage 0 is null or has no text or sentences" },
        { "credits-null", "article 'bloomberg-xi-balancing-act' has null credits" },
        { "synonym-group-null", "synonym group 0 is null, empty or has a blank or null word" },
        { "synonym-terms-null", "synonym group 0 is null, empty or has a blank or null word" },
        { "synonym-target-null", "is null, empty or has a blank or null word" },
        { "source-null", "source 0 is null or lacks its file or checksum" },
        { "stop-words-null", "the analyzer's description or stop words are missing or null" },
        { "terms-null", "the required section 'terms' is missing or null" },
        { "negative-k1", "BM25 parameters k1 = -1" },
        { "passage-text-not-indexed", "passage 0, bloomberg-xi-balancing-act ¶1, has the term 'zanzibarg', which the term index lacks" },
        { "name-not-a-term", "the name 'zanzibar' is not a term of the index" },
        { "surface-word-of-no-term", "the word 'zanzibar' stands for the term 'zanzibar', which the term index lacks" },
        { "acronym-null", "among the acronyms, synonym group 0 is null, empty or has a blank or null word" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_hand_edited_file_with_a_recomputed_checksum_is_refused_with_the_reason(string edit, string reason)
    {
        var bytes = Edited(Edit(edit));

        var refused = Assert.Throws<KnowledgeFileException>(() => new RankedSearcher(KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.json"))));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void A_passage_edited_without_its_fingerprint_is_refused_by_the_first_search_that_reads_it()
    {
        var bytes = Edited(payload =>
        {
            Edit("passage-text-not-indexed")(payload);
            payload["passages"]![0]!.AsObject().Remove("textHash");
        });
        var knowledge = KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.json"));

        // Passages are analysed when a search first reads them (issue 20), so the question is one passage 0 answers.
        var refused = Assert.Throws<KnowledgeFileException>(() => new RankedSearcher(knowledge).Search("How does the alliance between Russia and North Korea trouble Xi Jinping?"));

        Assert.Contains("passage 0, bloomberg-xi-balancing-act ¶1, has the term 'zanzibarg', which the term index lacks", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void The_optional_synonyms_and_quotes_may_be_null()
    {
        var bytes = Edited(payload =>
        {
            payload["synonyms"] = null;
            payload["quotes"] = null;
        });

        var knowledge = KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.json"));
        var result = new RankedSearcher(knowledge).Search("How much are North Korea's weapons shipments to Russia worth?");

        Assert.Empty(knowledge.Synonyms);
        Assert.Empty(knowledge.Quotes);
        Assert.Contains(result.Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));
    }

    [Fact]
    public void The_unedited_file_rewritten_the_same_way_loads()
    {
        var bytes = Edited(_ => { });

        var knowledge = KnowledgeBase.FromContents(KnowledgeFile.Parse(bytes, "edited.json"));

        Assert.Equal(40, knowledge.Passages.Count);
    }

    [Fact]
    public void Words_left_out_of_the_file_are_collected_from_the_passages_and_are_the_ones_the_builder_stores()
    {
        var stored = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile).Words;

        var collected = KnowledgeBase.FromContents(KnowledgeFile.Parse(Edited(payload => payload.Remove("words")), "edited.json")).Words;

        Assert.Contains("kim", stored.Names);
        Assert.Equal(stored.Names, collected.Names);
        Assert.Equal(stored.SurfaceWords.ToList(), collected.SurfaceWords.ToList());
        Assert.Contains(stored.Acronyms, acronym => acronym.Terms.SequenceEqual(["kju"]));
        Assert.Equal(
            stored.Acronyms.Select(acronym => $"{string.Join(',', acronym.Terms)} → {string.Join(',', acronym.Targets ?? [])}"),
            collected.Acronyms.Select(acronym => $"{string.Join(',', acronym.Terms)} → {string.Join(',', acronym.Targets ?? [])}"));
    }

    /// <summary>The knowledge file with <paramref name="edit"/> made to its payload and the checksum of the new payload's bytes.</summary>
    internal static byte[] Edited(Action<JsonObject> edit)
    {
        var file = JsonNode.Parse(File.ReadAllBytes(RepositoryPaths.KnowledgeFile))!.AsObject();
        var payload = file["payload"]!.AsObject();
        edit(payload);
        var payloadBytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var checksum = Convert.ToHexStringLower(SHA256.HashData(payloadBytes));
        return [.. Encoding.UTF8.GetBytes($"{{\"format\":\"{KnowledgeFile.Format}\",\"version\":{KnowledgeFile.Version},\"checksum\":\"{checksum}\",\"payload\":"), .. payloadBytes, .. "}\n"u8];
    }

    internal static Action<JsonObject> Edit(string edit) => edit switch
    {
        "passage-of-a-missing-article" => payload => payload["passages"]![0]!["article"] = "no-such-article",
        "term-to-a-missing-passage" => payload => payload["terms"]!["weapon"] = new JsonArray(9999, 1),
        "term-removed" => payload => payload["terms"]!.AsObject().Remove("weapon"),
        "postings-out-of-order" => payload => payload["terms"]!["1961"] = new JsonArray(25, 1, 3, 1),
        "quote-of-a-missing-passage" => payload => payload["quotes"]![0]!["passage"] = 9999,
        "quote-null" => payload => payload["quotes"]![0] = null,
        "article-null" => payload => payload["articles"]![0] = null,
        "passage-null" => payload => payload["passages"]![0] = null,
        "credits-null" => payload => payload["articles"]![0]!["credits"] = null,
        "synonym-group-null" => payload => payload["synonyms"]![0] = null,
        "synonym-terms-null" => payload => payload["synonyms"]![0]!["terms"] = null,
        "synonym-target-null" => payload => payload["synonyms"]!.AsArray().First(group => group!["targets"] is not null)!["targets"]![0] = null,
        "source-null" => payload => payload["sources"]![0] = null,
        "stop-words-null" => payload => payload["analyzer"]!["stopWords"] = null,
        "terms-null" => payload => payload["terms"] = null,
        "negative-k1" => payload => payload["analyzer"]!["k1"] = -1,
        // Same length, so the sentences still fit: only the words differ from what the index holds.
        "name-not-a-term" => payload => payload["words"]!["names"]!.AsArray().Add("zanzibar"),
        "surface-word-of-no-term" => payload => payload["words"]!["surfaceWords"]!["zanzibar"] = "zanzibar",
        "acronym-null" => payload => payload["words"]!["acronyms"]![0] = null,
        "passage-text-not-indexed" => payload => payload["passages"]![0]!["text"] = "Zanzibar" + ((string)payload["passages"]![0]!["text"]!)[8..],
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, "no such edit"),
    };
}
