namespace Bot.Knowledge.Synonyms;

/// <summary>
/// A synonym or alias group, as written (words or phrases, lower-cased, not yet analysed). Without
/// <see cref="Targets"/> every entry of <see cref="Terms"/> also matches the others; with it, a question saying one
/// of <see cref="Terms"/> also finds <see cref="Targets"/> in the articles, not the other way round. With
/// <see cref="SpeaksFor"/>, <see cref="Targets"/> find nothing, but a paragraph naming one of them does not lack the
/// name the question says ("russia ~&gt; putin": a paragraph about Putin is about Russia, for a question naming Russia).
/// </summary>
public sealed record SynonymEntry(IReadOnlyList<string> Terms, IReadOnlyList<string>? Targets = null, bool? SpeaksFor = null);
