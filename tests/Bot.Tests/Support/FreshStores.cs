using Bot.Storage;
using Bot.Tests.Moderation;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Support;

/// <summary>
/// One bot process's stores over a fresh database of one provider (<see cref="TestStorage"/>), for the specs that hold
/// every provider to the same assertions; disposing it stops the process and drops the database.
/// </summary>
internal sealed class FreshStores : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly ModerationHarness _harness;

    private FreshStores(TestStorage storage)
    {
        _storage = storage;
        _harness = new ModerationHarness(storage.Settings);
    }

    public IModerationStore Moderation => Get<IModerationStore>();

    public IArticleStore Articles => Get<IArticleStore>();

    public IQuestionLog Log => Get<IQuestionLog>();

    public IFeedbackStore Feedback => Get<IFeedbackStore>();

    public IQuestionReports Reports => Get<IQuestionReports>();

    public IAskCooldowns Cooldowns => Get<IAskCooldowns>();

    /// <summary>The process's clock, stopped at a fixed time.</summary>
    public DateTimeOffset Now => _harness.Clock.GetUtcNow();

    public static async Task<FreshStores> CreateAsync(string provider) => new(await TestStorage.CreateAsync(provider));

    public async ValueTask DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private T Get<T>()
        where T : notnull => _harness.Services.GetRequiredService<T>();
}
