using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Quotes;

/// <summary>
/// A direct quote and who said it. <see cref="Span"/> is a position in paragraph <see cref="Paragraph"/>'s
/// <see cref="ParsedParagraph.Text"/> covering the quoted words with their quotation marks, so
/// <c>paragraph.Text.Substring(Span.Start, Span.Length) == Text</c>; it maps one to one onto the knowledge
/// file's <c>QuoteEntry(Passage, Speaker, Role, Start, Length)</c>.
/// </summary>
/// <param name="Paragraph">The 1-based paragraph number (<see cref="ParsedParagraph.Number"/>).</param>
/// <param name="Speaker">The speaker's full name as the article first gives it, or the organisation quoted.</param>
/// <param name="Role">The speaker's role as the article gives it ("Foreign Ministry spokesperson"), if it does.</param>
/// <param name="Span">Where the quote stands in the paragraph's text, quotation marks included.</param>
/// <param name="Text">The quote, verbatim.</param>
public sealed record ExtractedQuote(int Paragraph, string Speaker, string? Role, TextSpan Span, string Text);
