using BenchmarkDotNet.Running;
using Bot.Benchmarks;
using Bot.Benchmarks.Corpus;
using Bot.Benchmarks.Load;
using Bot.Benchmarks.Questions;
using Bot.Benchmarks.Scale;

const string Usage = """
    Usage: dotnet run -c Release --project tests/Bot.Benchmarks -- VERB
      scale [--copies 1,20] [--queries 1000] [--rounds 3]   build/load/memory and search vs Lucene.Net on the Brown corpus
      grow [--copies 20] [--work DIR]                     add one article to the Brown ×copies knowledge: knowledge add, first answer, merge
      load [--rate 500] [--count 5000] [--bursts 5] [--burst-size 500] [--minutes 0] [--knowledge FILE] [--in-process] [--log-level Warning] [--database-dir DIR] [--schema-every 50] [--processes 1 --postgres CONNECTION_STRING]
                                                          drive the real host through FakeDiscord with /ask
      bench [BenchmarkDotNet arguments]                   search on the two articles and the build (BenchmarkDotNet)
      guild-cache [--guilds 1000] [--articles 20] [--cache-mb 512] [--knowledge FILE] [--rebuild-only] RSS of many servers' own knowledge under the LRU cache
      long-question [--sizes 236,1000,6000,20000,102400] [--runs 5]   one search on questions of these sizes (characters)
      english-frequencies [--out FILE] [--min-texts 2]    the general-English word frequencies the answer search embeds
      english-dictionary [--out FILE]                     the stems of English words the frequencies lack, which it also embeds
      irregular-verbs [--out FILE]                        the irregular past forms of English verbs the analyzer joins to their base
      british-spellings [--out FILE]                      the British spellings the analyzer joins to the American ("colour color")
    """;

var verb = args.Length > 0 ? args[0] : "help";
var rest = new Arguments(args.Skip(1).ToList());
return verb switch
{
    "scale" => ScaleCommand.Run(rest),
    "probe" => ScaleCommand.RunProbe(rest),
    "grow" => GrowCommand.Run(rest),
    "grow-add" or "grow-merge" => GrowCommand.RunChild(verb, rest),
    "probe-lucene" => LuceneProbe.Run(rest),
    "build-profile" => BuildProfile.Run(rest),
    "guild-cache" => GuildCacheCommand.Run(rest),
    "load" => await LoadCommand.RunAsync(rest),
    "long-question" => LongQuestionCommand.Run(rest),
    "english-frequencies" => EnglishFrequenciesCommand.Run(rest),
    "english-dictionary" => EnglishDictionaryCommand.Run(rest),
    "irregular-verbs" => IrregularVerbsCommand.Run(rest),
    "british-spellings" => BritishSpellingsCommand.Run(rest),
    "bench" => RunBenchmarks(args.Skip(1).ToArray()),
    _ => PrintUsage(),
};

static int RunBenchmarks(string[] arguments)
{
    BenchmarkSwitcher.FromAssembly(typeof(Arguments).Assembly).Run(arguments.Length == 0 ? ["--filter", "*"] : arguments);
    return 0;
}

int PrintUsage()
{
    Console.WriteLine(Usage);
    return verb == "help" ? 0 : 2;
}
