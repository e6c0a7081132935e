using Bot.Knowledge.Index;
using Bot.Knowledge.Search;

namespace Bot.Evaluation.Corpora;

/// <summary>
/// One corpus the answer search is developed and measured on: a folder of articles (the shipped ones, the BBC
/// development set, texts of the Brown corpus written out as articles) and the question set written blind for it.
/// <see cref="Style"/> says how its questions were asked: "members" (paraphrase, shorthand, typos, as Discord members
/// ask) or "own-words" (a reading-comprehension set, largely in the articles' own words).
/// </summary>
public sealed record DevelopmentCorpus(string Name, string Style, string QuestionsFile, Func<string?> Materialise)
{
    /// <summary>
    /// The knowledge of the corpus, built the way <c>knowledge build</c> builds it (the articles folder and the
    /// <c>synonyms.txt</c> beside it, if any) and read back from the file, or null when its articles are not on this machine.
    /// </summary>
    public KnowledgeBase? Build(string cache)
    {
        var articles = Materialise();
        if (articles is null)
        {
            return null;
        }

        var path = Path.Combine(cache, "knowledge", Name + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        KnowledgeFile.Write(path, KnowledgeBuilder.BuildFromDirectory(articles));
        return KnowledgeBase.Load(path);
    }

    public IReadOnlyList<EvaluationQuestion> Questions => QuestionSet.Read(QuestionsFile);
}

/// <summary>The development corpora, each with its question set in <c>Questions/</c>.</summary>
public static class DevelopmentCorpora
{
    /// <summary>Where the BBC development articles are when the project sits beside the team's shared folder.</summary>
    public static string DefaultBbcFolder => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "corpora", "bbc-dev"));

    /// <summary>Where the Brown corpus is fetched and each corpus's knowledge is built, kept between runs.</summary>
    public static string Cache => Path.Combine(NpmCache.Directory, "eval");

    /// <summary>The corpora as a command names them: the BBC articles from <c>--bbc DIR</c> when it is given.</summary>
    public static IReadOnlyList<DevelopmentCorpus> From(Arguments arguments) => All(Cache, arguments.Option("--bbc") ?? DefaultBbcFolder);

    public static IReadOnlyList<DevelopmentCorpus> All(string cache, string bbcFolder)
    {
        var shipped = Path.Combine(Repository.Root, "knowledge", "articles");
        string? Bbc() => Directory.Exists(bbcFolder) ? bbcFolder : null;
        return
        [
            new("shipped", "members", QuestionFile("shipped"), () => shipped),
            new("bbc", "members", QuestionFile("bbc"), Bbc),
            new("brown-press", "members", QuestionFile("brown-press"), () => Brown(cache, "brown-press", name => name[1] is 'a' or 'b')),
            // 1961 magazine writing (popular lore), questions in members' style: its set was first run on a finished search.
            new("brown-lore", "members", QuestionFile("brown-lore"), () => Brown(cache, "brown-lore", name => name[1] == 'f' && int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture) <= 25)),
            // 1961 magazine writing on skills and hobbies, questions in members' style: its set was first run on a finished search.
            new("brown-hobbies", "members", QuestionFile("brown-hobbies"), () => Brown(cache, "brown-hobbies", name => name[1] == 'e')),
            // 1961 press reviews (books, theatre, music, films), questions in members' style: its set was first run on a finished search.
            new("brown-reviews", "members", QuestionFile("brown-reviews"), () => Brown(cache, "brown-reviews", name => name[1] == 'c')),
            // 1961 government and foundation reports, questions in their own words: its set was first run on a finished search.
            new("brown-reports", "own-words", QuestionFile("brown-reports"), () => Brown(cache, "brown-reports", name => name[1] == 'h')),
            new("brown-learned", "own-words", QuestionFile("brown-learned"), () => Brown(cache, "brown-learned", name => name[1] == 'j' && int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture) <= 40)),
            // The other half of the learned texts (law, education, the humanities, engineering), questions in their own
            // words: never fitted on, its set first run on a finished search (eighth session of 7 December).
            new("brown-learned-2", "own-words", QuestionFile("brown-learned-2"), () => Brown(cache, "brown-learned-2", name => name[1] == 'j' && int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture) > 40)),
            // The other 23 popular-lore texts, questions in members' style: never fitted on, its set first run on a finished
            // search (eleventh session, 8 December).
            new("brown-lore-2", "members", QuestionFile("brown-lore-2"), () => Brown(cache, "brown-lore-2", name => name[1] == 'f' && int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture) > 25)),
            // 1961 belles-lettres (biography, memoirs, essays), questions in members' style: never fitted on, its set first
            // run on a finished search (eleventh session, 8 December).
            new("brown-belles", "members", QuestionFile("brown-belles"), () => Brown(cache, "brown-belles", name => name[1] == 'g' && int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture) <= 30)),
            // The shipped articles among many unrelated ones: a server's knowledge is rarely only its sample articles.
            new("shipped+bbc", "members", QuestionFile("shipped"), () => Bbc() is { } bbc ? Combine(cache, "shipped+bbc", shipped, bbc) : null),
        ];
    }

    private static string QuestionFile(string name) => Path.Combine(AppContext.BaseDirectory, "Questions", name + ".jsonl");

    /// <summary>The Brown texts <paramref name="include"/> picks by name (ca01 …), written out as article files once.</summary>
    private static string Brown(string cache, string name, Func<string, bool> include)
    {
        var folder = Path.Combine(cache, name, "articles");
        if (!Directory.Exists(folder))
        {
            var texts = BrownCorpus.Read(BrownCorpus.Locate()).Where(text => include(text.Name)).ToList();
            BrownCorpus.WriteArticles(texts, folder + ".tmp", copies: 1);
            Directory.Move(folder + ".tmp", folder);
        }

        return folder;
    }

    /// <summary>Several article folders as one, with the first one's synonyms beside it (the shipped ones').</summary>
    private static string Combine(string cache, string name, params string[] folders)
    {
        var folder = Path.Combine(cache, name, "articles");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        foreach (var source in folders)
        {
            foreach (var file in Directory.EnumerateFiles(source))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }

        var synonyms = Path.Combine(Path.GetDirectoryName(folders[0])!, "synonyms.txt");
        if (File.Exists(synonyms))
        {
            File.Copy(synonyms, Path.Combine(cache, name, "synonyms.txt"), overwrite: true);
        }

        return folder;
    }
}

/// <summary>The repository this tool was built from, found by walking up from the binary to <c>Bot.sln</c>.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Bot.sln above {AppContext.BaseDirectory}.");
    }
}
