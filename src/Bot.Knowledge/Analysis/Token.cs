namespace Bot.Knowledge.Analysis;

/// <summary>
/// One indexed word: its normalised term and where it stands in the analysed text, so matches can be
/// marked in the verbatim passage.
/// </summary>
/// <param name="Term">The stemmed, lower-cased term.</param>
/// <param name="Start">Offset of the word in the analysed text (UTF-16 code units).</param>
/// <param name="Length">Length of the word in the analysed text.</param>
/// <param name="Position">Ordinal of the word among all words, stop words included, so proximity is honest.</param>
public readonly record struct Token(string Term, int Start, int Length, int Position);
