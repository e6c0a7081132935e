using System.Diagnostics;
using Bot.Discord.Abstractions;
using Bot.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests;

/// <summary>
/// The question log when the disk turns against it: a database another process holds locked, and a disk that fills
/// up mid-write. The bot waits a bounded time and then fails with a <see cref="StorageException"/> carrying SQLite's
/// reason, and what was committed before stays readable and intact.
/// </summary>
public sealed class StorageFaultSpecs
{
    [Fact]
    public async Task A_database_locked_by_another_process_fails_after_the_busy_timeout_and_works_again_once_released()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bot-locked-{Guid.NewGuid():N}.db");
        var log = QuestionLog(path);
        var first = await log.RecordAsync(Question("before the lock"), CancellationToken.None);

        await using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync();
            var started = Stopwatch.GetTimestamp();

            var refused = await Assert.ThrowsAsync<StorageException>(() => log.RecordAsync(Question("while locked"), CancellationToken.None));

            Assert.Equal(StorageFailure.Busy, refused.Failure);
            Assert.Contains("locked", refused.Message, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(Stopwatch.GetElapsedTime(started), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15));
            exclusive.CommandText = "ROLLBACK;";
            await exclusive.ExecuteNonQueryAsync();
        }

        var after = await log.RecordAsync(Question("after the lock"), CancellationToken.None);
        Assert.Equal("before the lock", (await log.FindAsync(first, CancellationToken.None))?.Question);
        Assert.Equal("after the lock", (await log.FindAsync(after, CancellationToken.None))?.Question);
        Assert.Equal("ok", await IntegrityAsync(path));
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [SkippableFact]
    public async Task A_full_disk_fails_the_write_with_sqlite_full_and_keeps_every_earlier_question()
    {
        // A really full disk needs a tiny tmpfs, and mounting one needs root (as on the project's machines and CI);
        // elsewhere the spec is reported as skipped rather than passed.
        Skip.IfNot(Environment.UserName == "root", "mounting a tmpfs to fill needs root");
        using var disk = TinyDisk.Mount(256 * 1024);
        var path = Path.Combine(disk.Folder, "bot.db");
        var log = QuestionLog(path);
        var kept = new List<long>();
        StorageException? full = null;

        for (var i = 0; i < 200 && full is null; i++)
        {
            try
            {
                kept.Add(await log.RecordAsync(Question($"question {i} " + new string('x', 8_000)), CancellationToken.None));
            }
            catch (StorageException exception)
            {
                full = exception;
            }
        }

        Assert.NotNull(full);
        Assert.Equal(StorageFailure.Unavailable, full.Failure);
        Assert.Equal(13, Assert.IsType<SqliteException>(full.InnerException).SqliteErrorCode); // SQLITE_FULL
        Assert.NotEmpty(kept);
        foreach (var id in kept)
        {
            Assert.StartsWith("question ", (await log.FindAsync(id, CancellationToken.None))?.Question, StringComparison.Ordinal);
        }

        Assert.Equal("ok", await IntegrityAsync(path));
        SqliteConnection.ClearAllPools();
    }

    private static SqliteQuestionLog QuestionLog(string path) =>
        new(new SqliteDatabase(Options.Create(new StorageOptions { Path = path }), NullLogger<SqliteDatabase>.Instance), TimeProvider.System);

    private static QuestionRecord Question(string text) =>
        new(new Snowflake(290926798626357999), new Snowflake(645027906669510667), new Snowflake(53908232506183680), text, true, "FT · Xi · ¶1", DateTimeOffset.UtcNow);

    private static async Task<string?> IntegrityAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>A tmpfs of a few hundred KiB, so the disk really fills; mounting needs root, as on the project's machines and CI.</summary>
    private sealed class TinyDisk : IDisposable
    {
        private TinyDisk(string folder) => Folder = folder;

        public string Folder { get; }

        public static TinyDisk Mount(int bytes)
        {
            var folder = Directory.CreateTempSubdirectory("bot-tinyfs-").FullName;
            Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", folder);
            return new TinyDisk(folder);
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Run("umount", Folder);
            Directory.Delete(Folder);
        }

        private static void Run(string command, params string[] arguments)
        {
            var start = new ProcessStartInfo(command) { RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed (this spec needs root to mount a tmpfs): {error}");
            }
        }
    }
}
