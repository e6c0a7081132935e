using Bot.EndToEnd.Tests.Support;
using FakeDiscord;

namespace Bot.EndToEnd.Tests;

/// <summary>What a member of a server sees: each command, its buttons, autocomplete and private replies, through the real host.</summary>
public sealed class CommandSpecs
{
    private const string WeaponsQuestion = "How much are North Korea's weapons shipments to Russia worth?";

    [Fact]
    public async Task I_can_open_the_full_passage_of_an_answer_verbatim_and_privately()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        var answer = await (await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion))).WaitForOriginalAsync(Answers.Patience);

        var fullId = Assert.Single(answer.CustomIds(), id => id.StartsWith("full:", StringComparison.Ordinal));
        var full = await (await discord.SendComponentAsync(fullId)).WaitForOriginalAsync(Answers.Patience);

        Assert.Equal("full:bloomberg-xi-balancing-act:10", fullId);
        Assert.True(full.IsEphemeral);
        Assert.Equal(
            "For more than a decade, China has helped sustain North Korea through unparalleled aid and trade, but that position is being challenged by Putin as he turns to Kim to bolster his war efforts. North Korea has so far sent Russia weapons worth as much as $5.5 billion, according to a study by the Friedrich Naumann Foundation.",
            full.Embed("description"));
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task I_can_see_more_results_and_vote_once_on_an_answer()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        var answer = await (await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "What does China think about North Korea and Russia?"))).WaitForOriginalAsync(Answers.Patience);
        var ids = answer.CustomIds();

        var more = await (await discord.SendComponentAsync(ids.Single(id => id.StartsWith("more:", StringComparison.Ordinal)))).WaitForOriginalAsync(Answers.Patience);
        var up = ids.Single(id => id.EndsWith(":up", StringComparison.Ordinal));
        var first = await (await discord.SendComponentAsync(up)).WaitForOriginalAsync(Answers.Patience);
        var again = await (await discord.SendComponentAsync(up)).WaitForOriginalAsync(Answers.Patience);
        var changed = await (await discord.SendComponentAsync(ids.Single(id => id.EndsWith(":down", StringComparison.Ordinal)))).WaitForOriginalAsync(Answers.Patience);

        Assert.True(more.IsEphemeral);
        Assert.StartsWith("[4] ", more.Embeds[0].GetProperty("fields")[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("Thanks! Glad it helped.", first.Content);
        Assert.Equal("You have already voted on this answer.", again.Content);
        Assert.Equal("Thanks, your vote is changed.", changed.Content);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task Buttons_keep_working_after_the_bot_restarts()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        VisibleMessage answer;
        await using (var before = await RunningBot.StartAsync(discord, database))
        {
            answer = await (await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion))).WaitForOriginalAsync(Answers.Patience);
        }

        await using var after = await RunningBot.StartAsync(discord, database);
        var vote = await (await discord.SendComponentAsync(answer.CustomIds().Single(id => id.EndsWith(":down", StringComparison.Ordinal)))).WaitForOriginalAsync(Answers.Patience);
        var full = await (await discord.SendComponentAsync(answer.CustomIds().Single(id => id.StartsWith("full:", StringComparison.Ordinal)))).WaitForOriginalAsync(Answers.Patience);

        Assert.Equal("Thanks for telling us. The moderators will see that this answer missed.", vote.Content);
        Assert.Contains("$5.5 billion", full.Embed("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_question_gets_a_reply_only_the_asker_sees()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var reply = await (await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion), CommandOption.Boolean("private", true))).WaitForOriginalAsync(Answers.Patience);

        Assert.True(reply.IsEphemeral);
        Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_can_list_the_sources_find_an_article_by_typing_and_check_a_citation()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var list = await (await discord.SendSlashCommandAsync("sources")).WaitForOriginalAsync(Answers.Patience);
        var suggestions = await (await discord.SendAutocompleteAsync("sources", CommandOption.Focused("article", "wary"))).WaitForCallbackAsync(Answers.Patience);
        var paragraph = await (await discord.SendSlashCommandAsync("sources", CommandOption.String("article", "ft-xi-wary-of-kim-putin"), CommandOption.Integer("paragraph", 9))).WaitForOriginalAsync(Answers.Patience);

        Assert.Contains("Financial Times · 21 paragraphs", list.Text(), StringComparison.Ordinal);
        Assert.Equal(8, suggestions.Type);
        var choice = Assert.Single(suggestions.Data!.Value.GetProperty("choices").EnumerateArray());
        Assert.Equal("ft-xi-wary-of-kim-putin", choice.GetProperty("value").GetString());
        Assert.Equal("“North Korea has unnecessarily put China in a very dangerous situation,” Shen said.", paragraph.Embed("description"));
        Assert.Contains("¶9", paragraph.Text(), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task I_can_find_a_speaker_by_typing_and_read_their_exact_words_with_their_role()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var suggestions = await (await discord.SendAutocompleteAsync("quote", CommandOption.Focused("speaker", "cha"))).WaitForCallbackAsync(Answers.Patience);
        var quote = await (await discord.SendSlashCommandAsync("quote", CommandOption.String("speaker", "Victor Cha"))).WaitForOriginalAsync(Answers.Patience);

        var names = suggestions.Data!.Value.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()).ToList();
        Assert.Equal("Victor Cha", names[0]);
        Assert.Equal("Victor Cha, Korea chair at the Center for Strategic and International Studies", quote.Embed("title"));
        Assert.Contains("“If South Korean weapons go to Ukraine — what if these are used to kill North Koreans? How will Kim respond?”", quote.Text(), StringComparison.Ordinal);
        Assert.Contains("¶16", quote.Text(), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task I_can_ask_the_articles_about_someone_elses_message()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var reply = await (await discord.SendMessageCommandAsync("Ask the articles", "hey does anyone know how much NK weapons to russia were worth??")).WaitForOriginalAsync(Answers.Patience);

        Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    // The answer is checked too: a bot that refused everything would pass the rest. The first two are real questions
    // under the mentions and controls; the third is no question at all.
    [Theory]
    [InlineData("@everyone @here <@53908232506183680> <@&1> what did **Shen** say?", "a very dangerous situation")]
    [InlineData("\u202Ewhat did Shen say\u200B\u200B\u200B?\u2066", "a very dangerous situation")]
    [InlineData("```js\nalert(1)\n``` || spoiler || > quote [link](https://example.com) # heading", "The articles don't say.")]
    public async Task Hostile_questions_get_a_reply_within_limits_that_pings_nobody(string question, string answerHolds)
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var reply = await (await discord.SendSlashCommandAsync("ask", CommandOption.String("question", question))).WaitForOriginalAsync(Answers.Patience);

        var title = reply.Embed("title");
        Assert.StartsWith("Q: ", title, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", title, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", title, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", title, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', title);
        Assert.Contains(answerHolds, reply.Embed("description"), StringComparison.Ordinal);
        Assert.All(discord.Messages, message => Assert.True(message.AllowedMentionsEmpty));
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task A_very_long_message_asked_about_from_the_menu_is_answered_within_limits()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        var message = "What did Victor Cha say about weapons going to Ukraine? " + string.Concat(Enumerable.Repeat("blah ", 780));

        var reply = await (await discord.SendMessageCommandAsync("Ask the articles", message)).WaitForOriginalAsync(Answers.Patience);

        Assert.True(reply.Embed("title").Length <= 256);
        Assert.Contains("Cha", reply.Embed("description"), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task An_empty_or_one_letter_question_gets_a_short_private_hint()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var reply = await (await discord.SendMessageCommandAsync("Ask the articles", "   ")).WaitForOriginalAsync(Answers.Patience);

        Assert.True(reply.IsEphemeral);
        Assert.Equal("That message has no text to ask about.", reply.Content);
    }

    [Fact]
    public async Task An_answer_arrives_in_time_even_when_the_database_is_locked()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        await using var bot = await RunningBot.StartAsync(discord, database);
        await (await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Who is Victor Cha?"))).WaitForOriginalAsync(Answers.Patience);

        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await other.OpenAsync();
        await using var exclusive = other.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE;";
        await exclusive.ExecuteNonQueryAsync();
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", WeaponsQuestion));
        var callback = await ask.WaitForCallbackAsync(Answers.Patience);
        var reply = await ask.WaitForOriginalAsync(Answers.Patience);
        exclusive.CommandText = "ROLLBACK;";
        await exclusive.ExecuteNonQueryAsync();

        Assert.True(callback.Latency < TimeSpan.FromSeconds(3), $"answered after {callback.Latency.TotalMilliseconds} ms");
        Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }
}
