namespace Bot.Knowledge.Articles;

/// <summary>
/// Reads an article file's bytes, or says in one line why it cannot: a symbolic link that loops or leads nowhere, a pipe,
/// socket or device named like an article (reading a pipe would wait forever for a writer), a file too large to be an
/// article, or one the bot may not read.
/// </summary>
internal static class ArticleFileReader
{
    /// <summary>
    /// The largest article file read: a whole book is a few megabytes; anything larger is not an article (a disk image, a
    /// log) and would hold memory for nothing.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static byte[] Read(string path)
    {
        FileSystemInfo file = new FileInfo(path);
        if (file.LinkTarget is { } linkTarget)
        {
            try
            {
                file = file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
            }
            catch (IOException)
            {
                throw new ArticleFileException($"Article file '{path}' is a symbolic link that leads back to itself; remove it or point it at an article.");
            }

            if (!file.Exists)
            {
                throw new ArticleFileException($"Article file '{path}' is a symbolic link to '{linkTarget}', which does not exist; remove it or point it at an article.");
            }
        }

        if (file is not FileInfo { Exists: true } regular)
        {
            throw new ArticleFileException($"Article file '{path}' does not exist.");
        }

        // .NET reports no file type on Unix, but a pipe, socket or device has no size, and opening a pipe would wait for a
        // writer forever; an empty file is no article either.
        if (regular.Length == 0)
        {
            throw new ArticleFileException($"Article file '{path}' is empty, or not a regular file (a pipe, socket or device); an article is a text file.");
        }

        if (regular.Length > MaxBytes)
        {
            throw new ArticleFileException($"Article file '{path}' is {regular.Length / (1024 * 1024)} MB, more than the {MaxBytes / (1024 * 1024)} MB an article may be; is it an article?");
        }

        try
        {
            return File.ReadAllBytes(regular.FullName);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ArticleFileException($"Article file '{path}' cannot be read: permission denied.", exception);
        }
        catch (IOException exception)
        {
            throw new ArticleFileException($"Article file '{path}' cannot be read ({exception.Message}).", exception);
        }
    }
}
