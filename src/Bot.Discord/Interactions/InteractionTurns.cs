namespace Bot.Discord.Interactions;

/// <summary>
/// Turns for interactions not yet answered: at most <c>capacity</c> are worked on at once (from the start of their
/// handler to their first callback), and the others wait here rather than in the thread pool's queue. Thousands of
/// handlers queued there put everything behind them (the gateway's reads, the callbacks of interactions already
/// handled) past Discord's 3 s. A waiter gives up at its deadline. Newest first: under overload the oldest waiter is
/// the one least likely to make its deadline, and serving arrivals in order would have each of them start late.
/// </summary>
internal sealed class InteractionTurns(int capacity)
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource<IDisposable?>> waiting = [];
    private int free = capacity;

    /// <summary>A turn, to dispose once the interaction is answered or given up; null when <paramref name="giveUp"/> came first.</summary>
    public async Task<IDisposable?> WaitAsync(CancellationToken giveUp)
    {
        LinkedListNode<TaskCompletionSource<IDisposable?>> node;
        lock (gate)
        {
            if (free > 0)
            {
                free--;
                return new Turn(this);
            }

            node = waiting.AddLast(new TaskCompletionSource<IDisposable?>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using var registration = giveUp.Register(() =>
        {
            lock (gate)
            {
                if (node.List is not null)
                {
                    waiting.Remove(node);
                    node.Value.TrySetResult(null);
                }
            }
        });
        return await node.Value.Task.ConfigureAwait(false);
    }

    private void Pass()
    {
        lock (gate)
        {
            if (waiting.Last is { } newest)
            {
                waiting.RemoveLast();
                newest.Value.TrySetResult(new Turn(this));
                return;
            }

            free++;
        }
    }

    /// <summary>Passed on once, however often it is disposed (at the first callback, and again when the handler ends).</summary>
    private sealed class Turn(InteractionTurns owner) : IDisposable
    {
        private int passed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref passed, 1) == 0)
            {
                owner.Pass();
            }
        }
    }
}
