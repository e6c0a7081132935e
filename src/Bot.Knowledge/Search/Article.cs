using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;

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
/// <see cref="Number"/> its paragraph number in the article (¶1 is the first body paragraph). Its text and sentences are
/// read from the knowledge file the first time they are asked for, and kept (issue 20).
/// </summary>
public sealed record Passage(int Index, Article Article, int Number, int TermCount)
{
    private readonly KnowledgeContents? _file;
    private string? _text;
    private IReadOnlyList<TextSpan>? _sentences;

    internal Passage(int index, Article article, int number, int termCount, KnowledgeContents file)
        : this(index, article, number, termCount) => _file = file;

    public string Text => _text ??= _file?.ReadText(Index) ?? string.Empty;

    /// <summary>Whether <see cref="Text"/> has been read from the file yet.</summary>
    internal bool TextRead => _text is not null;

    /// <summary>The passage's sentences, as spans of <see cref="Text"/>.</summary>
    public IReadOnlyList<TextSpan> Sentences => _sentences ??= _file?.ReadSentences(Index) ?? [];

    /// <summary>The citation people see: <c>publisher · title · ¶N</c>.</summary>
    public string Citation => $"{Article.PublisherOrUnknown} · {Article.Title} · ¶{Number}";
}

/// <summary>Words a person said, as the article quotes them: <see cref="Text"/> is verbatim, quotation marks included.</summary>
public sealed record Quote(Passage Passage, string Speaker, string? Role, TextSpan Span)
{
    public string Text => Span.Of(Passage.Text);
}
