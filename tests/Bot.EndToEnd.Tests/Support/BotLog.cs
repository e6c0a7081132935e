using System.Text;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>The bot's log at Information, in a file of its own, added through configuration as an operator would.</summary>
internal sealed class BotLog : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bot-fault-{Guid.NewGuid():N}.log");

    public string[] Settings =>
    [
        "--Serilog:MinimumLevel:Default=Information",
        "--Serilog:Using:0=Serilog.Sinks.File",
        "--Serilog:WriteTo:0:Name=File",
        $"--Serilog:WriteTo:0:Args:path={_path}",
    ];

    public string Read()
    {
        if (!File.Exists(_path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public void Dispose() => File.Delete(_path);
}
