namespace Bot.Benchmarks.Load;

/// <summary>The bot's processes (one unless <c>--processes</c>): their memory and CPU summed, all stopped together.</summary>
internal sealed class Fleet : IAsyncDisposable
{
    private readonly List<BotUnderLoad> _bots = [];

    public void Add(BotUnderLoad bot) => _bots.Add(bot);

    public double ResidentMb() => _bots.Sum(bot => bot.ResidentMb());

    public TimeSpan CpuTime() => TimeSpan.FromTicks(_bots.Sum(bot => bot.CpuTime().Ticks));

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _bots)
        {
            await bot.DisposeAsync();
        }
    }
}
