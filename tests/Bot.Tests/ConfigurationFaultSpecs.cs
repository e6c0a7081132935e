using Bot.Tests.Support;

namespace Bot.Tests;

/// <summary>Configuration that cannot work gets one clear line and a failing exit code; a missing settings file is not fatal.</summary>
public sealed class ConfigurationFaultSpecs
{
    [Fact]
    public async Task Without_a_settings_file_in_the_working_folder_the_bot_uses_the_one_beside_its_binary()
    {
        var folder = Directory.CreateTempSubdirectory("no-settings-").FullName;

        var run = await BotProcess.RunAsync(["ask", "How much are North Korea's weapons shipments to Russia worth?"], workingDirectory: folder);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("$5.5 billion", run.Output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_discord_api_stops_the_bot_with_one_clear_line_after_bounded_retries()
    {
        const string token = "UNREACHABLE.token-value.456";

        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = token,
                // Port 1 on loopback: nothing listens, so every connection is refused at once.
                ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            });

        var all = run.Output + run.Error;
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Discord API unreachable at http://127.0.0.1:1/api/v10 after 4 attempts", all, StringComparison.Ordinal);
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_out_of_range_setting_is_named_with_its_limits()
    {
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = "SOME.token-value.789",
                ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
                ["Discord__AutoDeferAfter"] = "00:00:05",
            });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Configuration is not valid", run.Error, StringComparison.Ordinal);
        Assert.Contains("Discord:AutoDeferAfter must be between 0 and 3 seconds.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", run.Error, StringComparison.Ordinal);
    }
}
