using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Search;

/// <summary>An article the bot can cite.</summary>
public sealed record Article(
    string Id,
    string Title,
    string? Publisher,
    string? Date,
    string? Url,
    IReadOnlyList<string> Credits,
    string SourceFile,
    int ParagraphCount)
{
    /// <summary>The publisher as cited, or a plain word when the article does not say.</summary>
    public string PublisherOrUnknown => Publisher ?? "Unknown publisher";
}

/// <summary>
/// A paragraph of an article, verbatim. <see cref="Index"/> is its position in the knowledge base;
/// <see cref="Number"/> its paragraph number in the article (¶1 is the first body paragraph).
/// </summary>
public sealed record Passage(int Index, Article Article, int Number, string Text, IReadOnlyList<TextSpan> Sentences, int TermCount)
{
    /// <summary>The citation people see: <c>publisher · title · ¶N</c>.</summary>
    public string Citation => $"{Article.PublisherOrUnknown} · {Article.Title} · ¶{Number}";
}

/// <summary>Words a person said, as the article quotes them: <see cref="Text"/> is verbatim, quotation marks included.</summary>
public sealed record Quote(Passage Passage, string Speaker, string? Role, TextSpan Span)
{
    public string Text => Span.Of(Passage.Text);
}
