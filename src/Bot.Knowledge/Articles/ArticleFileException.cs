namespace Bot.Knowledge.Articles;

/// <summary>
/// An article file that cannot be read, or is not an article (binary, a broken header, an unsafe id). The message is one
/// line for the person who put the file there: which file, what is wrong, and what to do.
/// </summary>
public sealed class ArticleFileException(string message, Exception? inner = null) : Exception(message, inner);
