using Bot.Discord.Configuration;
using Bot.Discord.Rest;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests.Support;

/// <summary>Builds the client's pieces over the fakes.</summary>
internal static class Discord
{
    public const string Token = "MTIz.SECRET-bot-token.xyz";

    public static DiscordOptions Options(string? guild = null) => new()
    {
        Token = Token,
        ApiBaseUrl = "https://discord.test/api/v10",
        GuildId = guild,
    };

    public static FakeTimeProvider Time() => new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public static DiscordRestClient Rest(FakeDiscordHttp http, TimeProvider time, TestLogs? logs = null, DiscordOptions? options = null) =>
        new(new HttpClient(http), Microsoft.Extensions.Options.Options.Create(options ?? Options()), new RestRateLimiter(time), time, (logs ?? new TestLogs()).For<DiscordRestClient>());

    /// <summary>Waits for <paramref name="task"/>, moving fake time forward in small steps meanwhile, within a few real seconds.</summary>
    public static async Task<T> PumpAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null)
    {
        for (var i = 0; i < 400 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(2));
    }

    /// <summary>Whether <paramref name="task"/> stays unfinished for a short real while.</summary>
    public static async Task<bool> StaysPendingAsync(Task task)
    {
        await Task.WhenAny(task, Task.Delay(100));
        return !task.IsCompleted;
    }
}
