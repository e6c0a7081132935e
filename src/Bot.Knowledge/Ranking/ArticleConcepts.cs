using Bot.Knowledge.Search;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// For one question, which of its concepts each article's title and whole text say, as masks (concept c is bit c), looked up
/// once per article the candidates come from rather than once per candidate: many candidates share an article.
/// </summary>
internal sealed class ArticleConcepts(PassageIndex index, ArticleTerms articles, ReadQuestion question)
{
    /// <summary>Concepts from this index on are not in the masks; <see cref="PassageFeatures"/> looks them up itself.</summary>
    public const int Masked = 64;

    private readonly Dictionary<int, (ulong Title, ulong Text)> _byArticle = [];

    public ArticleTerms Articles => articles;

    /// <summary>The concepts the title and the text of the passage's article say.</summary>
    public (ulong Title, ulong Text) Of(int passage)
    {
        var article = articles.ArticleOf(passage);
        if (!_byArticle.TryGetValue(article, out var masks))
        {
            var title = index.TitleTerms[passage];
            var text = articles.Of(passage);
            for (var c = 0; c < question.Concepts.Count && c < Masked; c++)
            {
                var concept = question.Concepts[c];
                masks.Title |= concept.Known && PassageFeatures.HoldsAny(title, concept) ? 1UL << c : 0;
                masks.Text |= concept.Known && PassageFeatures.HoldsAny(text, concept) ? 1UL << c : 0;
            }

            _byArticle[article] = masks;
        }

        return masks;
    }
}
