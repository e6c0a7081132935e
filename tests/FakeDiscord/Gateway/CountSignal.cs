namespace FakeDiscord;

/// <summary>A counter a test can await: "until at least N identifies happened". Race-free, unlike "wait for the next one".</summary>
internal sealed class CountSignal(string what)
{
    private readonly Lock _gate = new();
    private readonly List<(int Target, TaskCompletionSource Done)> _waiters = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment()
    {
        List<TaskCompletionSource> ready;
        lock (_gate)
        {
            _count++;
            ready = [.. _waiters.Where(w => w.Target <= _count).Select(w => w.Done)];
            _waiters.RemoveAll(w => w.Target <= _count);
        }

        foreach (var done in ready)
        {
            done.TrySetResult();
        }
    }

    public async Task WaitAsync(int target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_count >= target)
            {
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what} #{target}; saw {Count}.");
        }
    }
}
