using Bot.Knowledge.Search;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// For one question, which of its concepts each article's title and whole text say, as masks (concept c is bit c), looked up
/// once per article the candidates come from rather than once per candidate: many candidates share an article. What an
/// article says comes from the concept terms' postings over the article's passages (<see cref="PassageIndex.ArticleHolds"/>),
/// so no article is read for it.
/// </summary>
internal sealed class ArticleConcepts(PassageIndex index, ReadQuestion question)
{
    /// <summary>Concepts from this index on are not in the masks; <see cref="PassageFeatures"/> looks them up itself.</summary>
    public const int Masked = 64;

    private readonly Dictionary<int, (ulong Title, ulong Text)> _byArticle = [];

    /// <summary>The concepts the title and the text of the passage's article say.</summary>
    public (ulong Title, ulong Text) Of(int passage)
    {
        var article = index.ArticleOf(passage);
        if (!_byArticle.TryGetValue(article, out var masks))
        {
            var title = index.TitleTerms[passage];
            for (var c = 0; c < question.Concepts.Count && c < Masked; c++)
            {
                var concept = question.Concepts[c];
                masks.Title |= concept.Known && PassageFeatures.HoldsAny(title, concept) ? 1UL << c : 0;
                masks.Text |= concept.Known && InArticle(passage, concept) ? 1UL << c : 0;
            }

            _byArticle[article] = masks;
        }

        return masks;
    }

    /// <summary>Whether the passage's article (its title or any paragraph) holds every term of one of the concept's ways of saying it.</summary>
    public bool InArticle(int passage, Concept concept)
    {
        foreach (var alternative in concept.Alternatives)
        {
            if (AllInArticle(passage, alternative.TermIds))
            {
                return true;
            }
        }

        return false;
    }

    private bool AllInArticle(int passage, int[] termIds)
    {
        foreach (var term in termIds)
        {
            if (!index.ArticleHolds(passage, term))
            {
                return false;
            }
        }

        return true;
    }
}
