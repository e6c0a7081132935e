namespace Bot.Cli;

/// <summary>A small argument reader: flags (<c>--json</c>), options with a value (<c>--out FILE</c>), and the rest.</summary>
public sealed class CliArguments(IEnumerable<string> arguments)
{
    private readonly List<string> _remaining = [.. arguments];

    public IReadOnlyList<string> Remaining => _remaining;

    public bool TakeFlag(string name) => _remaining.Remove(name);

    /// <summary>Takes <c>--name VALUE</c> or <c>--name=VALUE</c>; throws <see cref="CliUsageException"/> when the value is missing.</summary>
    public string? TakeOption(string name)
    {
        for (var i = 0; i < _remaining.Count; i++)
        {
            if (_remaining[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                var inline = _remaining[i][(name.Length + 1)..];
                _remaining.RemoveAt(i);
                return inline;
            }

            if (_remaining[i] == name)
            {
                if (i + 1 >= _remaining.Count || _remaining[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CliUsageException($"{name} needs a value.");
                }

                var value = _remaining[i + 1];
                _remaining.RemoveRange(i, 2);
                return value;
            }
        }

        return null;
    }

    /// <summary>Fails on any option nobody took, so a typo is reported rather than read as a question.</summary>
    public void RejectUnknownOptions()
    {
        var unknown = _remaining.FirstOrDefault(argument => argument.StartsWith("--", StringComparison.Ordinal) && argument.Length > 2);
        if (unknown is not null)
        {
            throw new CliUsageException($"Unknown option {unknown}.");
        }
    }
}

/// <summary>A command line that cannot be run as written; the message says why, and the exit code is 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
