namespace Bot.Knowledge.Articles;

/// <summary>An article after cleaning: its metadata and its body paragraphs, each a verbatim stretch of the source.</summary>
public sealed record ParsedArticle(
    string Id,
    string Title,
    string? Publisher,
    string? Date,
    string? Url,
    IReadOnlyList<string> Credits,
    string SourceFile,
    string SourceSha256,
    IReadOnlyList<ParsedParagraph> Paragraphs);

/// <summary>
/// A body paragraph: <see cref="Text"/> equals <c>source.Body.Substring(Span.Start, Span.Length)</c>,
/// and <see cref="Sentences"/> are spans within <see cref="Text"/>.
/// </summary>
public sealed record ParsedParagraph(int Number, string Text, TextSpan Span, IReadOnlyList<TextSpan> Sentences);
