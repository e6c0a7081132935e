using Bot.EndToEnd.Tests.Support;
using FakeDiscord;
using static Bot.EndToEnd.Tests.Support.ModerationDriver;

namespace Bot.EndToEnd.Tests;

/// <summary>Moderators tame the bot from Discord (/mod), members meet the rules, and nothing confirmed is lost.</summary>
public sealed class ModerationSpecs
{
    [Fact]
    public async Task I_can_keep_the_bot_to_chosen_channels_and_a_member_asking_elsewhere_is_told_where_to_ask()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        var general = discord.Options.ChannelId;

        var allowed = await discord.ModAsync(Group("channels", "allow", Channel(general), CommandOption.String("reason", "keep #off-topic quiet")));
        await discord.ModAsync(Group("channels", "allow", Channel(Questions)));
        var elsewhere = await discord.AskAsync(TroopsQuestion, channelId: OffTopic);
        var here = await discord.AskAsync(TroopsQuestion, channelId: Questions);
        var modElsewhere = await discord.ModAsync(Group("channels", "list"), channelId: OffTopic);
        var denied = await discord.ModAsync(Group("channels", "deny", Channel(Questions)));
        var inDenied = await discord.AskAsync(TroopsQuestion, channelId: Questions);
        var reset = await discord.ModAsync(Group("channels", "reset"));
        var afterReset = await discord.AskAsync(TroopsQuestion, channelId: OffTopic);

        Assert.True(allowed.IsEphemeral);
        Assert.Equal($"Done. I answer only in <#{general}>.", allowed.Content);
        Assert.True(elsewhere.IsEphemeral);
        Assert.Equal($"I only answer in <#{general}> and <#{Questions}>.", elsewhere.Content);
        Assert.Contains("troops", here.Embed("description"), StringComparison.Ordinal);
        Assert.Equal($"I answer only in <#{general}> and <#{Questions}>.", modElsewhere.Content);
        Assert.Equal($"Done: I no longer answer in <#{Questions}>. I answer only in <#{general}>.", denied.Content);
        Assert.Equal($"I only answer in <#{general}>.", inDenied.Content);
        Assert.Equal("Done: the channel rules are cleared. I answer in every channel.", reset.Content);
        Assert.Contains("troops", afterReset.Embed("description"), StringComparison.Ordinal);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task A_thread_follows_the_channel_it_was_started_in()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        const ulong questionsThread = 645_027_906_669_510_800;
        const ulong offTopicThread = 645_027_906_669_510_801;
        discord.AddThread(questionsThread, Questions);
        discord.AddThread(offTopicThread, OffTopic);

        await discord.ModAsync(Group("channels", "allow", Channel(Questions)));
        var inAllowedThread = await discord.AskAsync(TroopsQuestion, channelId: questionsThread);
        var inOtherThread = await discord.AskAsync(TroopsQuestion, channelId: offTopicThread);
        await discord.ModAsync(Group("channels", "reset"));
        await discord.ModAsync(Group("channels", "deny", Channel(OffTopic)));
        var inDeniedThread = await discord.AskAsync(TroopsQuestion, channelId: offTopicThread);

        Assert.Contains("troops", inAllowedThread.Embed("description"), StringComparison.Ordinal);
        Assert.True(inOtherThread.IsEphemeral);
        Assert.Equal($"I only answer in <#{Questions}>.", inOtherThread.Content);
        Assert.True(inDeniedThread.IsEphemeral);
        Assert.Equal("I don't answer in this channel. Please ask in another one.", inDeniedThread.Content);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task I_can_block_a_member_who_is_then_refused_until_unblocked()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var blocked = await discord.ModAsync(Sub("block", CommandOption.User("user", Member.Id), CommandOption.String("reason", "spamming @everyone")));
        var refused = await discord.AskAsync(TroopsQuestion);
        var other = await discord.AskAsync(TroopsQuestion, OtherMember);
        var list = await discord.ModAsync(Sub("blocked"));
        var self = await discord.ModAsync(Sub("block", CommandOption.User("user", Moderator.Id)));
        var unblocked = await discord.ModAsync(Sub("unblock", CommandOption.User("user", Member.Id)));
        var again = await discord.AskAsync(TroopsQuestion);

        Assert.Equal($"Blocked <@{Member.Id}>: they can no longer use the bot in this server. Reason: spamming @\u2060everyone", blocked.Content);
        Assert.True(refused.IsEphemeral);
        Assert.StartsWith("A moderator of this server has blocked you", refused.Content, StringComparison.Ordinal);
        Assert.Contains("troops", other.Embed("description"), StringComparison.Ordinal);
        Assert.Contains($"<@{Member.Id}> since", list.Embed("description"), StringComparison.Ordinal);
        Assert.Contains($"by <@{Moderator.Id}>: “spamming @\u2060everyone”", list.Embed("description"), StringComparison.Ordinal);
        Assert.Equal("You can't block yourself.", self.Content);
        Assert.Equal($"Unblocked <@{Member.Id}>: they can use the bot again.", unblocked.Content);
        Assert.Contains("troops", again.Embed("description"), StringComparison.Ordinal);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task A_member_asking_faster_than_the_cooldown_is_told_when_to_retry()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var set = await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 60)));
        var first = await discord.AskAsync(TroopsQuestion);
        var tooSoon = await discord.AskAsync(TroopsQuestion);
        var otherMember = await discord.AskAsync(TroopsQuestion, OtherMember);
        var sources = await (await discord.SendSlashCommandAsync("sources")).WaitForOriginalAsync(Answers.Patience);
        var shown = await discord.ModAsync(Sub("cooldown"));

        Assert.Equal("Done. Each member can ask once every 60 seconds.", set.Content);
        Assert.Contains("troops", first.Embed("description"), StringComparison.Ordinal);
        Assert.True(tooSoon.IsEphemeral);
        Assert.Matches(@"^You're asking too quickly: this server allows one question every 60 seconds\. Try again in (5\d|60) seconds\.$", tooSoon.Content);
        Assert.Contains("troops", otherMember.Embed("description"), StringComparison.Ordinal);
        Assert.StartsWith("The articles", sources.Embed("title"), StringComparison.Ordinal);
        Assert.Equal("Each member can ask once every 60 seconds.", shown.Content);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task I_can_make_answers_private_by_default_and_members_can_still_choose()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var before = await discord.AskAsync(TroopsQuestion);
        var set = await discord.ModAsync(Sub("visibility", CommandOption.String("mode", "private")));
        var after = await discord.AskAsync(TroopsQuestion, OtherMember);
        var chosen = await discord.AskAsync(TroopsQuestion, privately: false);

        Assert.False(before.IsEphemeral);
        Assert.StartsWith("Done. Answers are private by default", set.Content, StringComparison.Ordinal);
        Assert.True(after.IsEphemeral);
        Assert.Contains("troops", after.Embed("description"), StringComparison.Ordinal);
        Assert.False(chosen.IsEphemeral);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task An_alias_a_moderator_adds_changes_the_next_answer_and_removing_it_changes_it_back()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        // Nothing else in the question is in the articles, so only the alias can answer it.
        const string question = "What is the hermit kingdom up to?";

        var before = await discord.AskAsync(question);
        var added = await discord.ModAsync(Group("aliases", "add", CommandOption.String("term", "Hermit  Kingdom"), CommandOption.String("means", "north korea")));
        var after = await discord.AskAsync(question, OtherMember);
        var list = await discord.ModAsync(Group("aliases", "list"));
        var removed = await discord.ModAsync(Group("aliases", "remove", CommandOption.String("term", "hermit kingdom")));
        var afterRemoval = await discord.AskAsync(question, OtherMember);

        Assert.StartsWith("The articles don't say.", before.Embed("description"), StringComparison.Ordinal);
        Assert.Equal("Done: from now on a question saying “hermit kingdom” also finds “north korea” in the articles.", added.Content);
        Assert.Contains("**North Korea**", after.Embed("description"), StringComparison.Ordinal);
        Assert.Equal("“hermit kingdom” → “north korea”", list.Embed("description"));
        Assert.Equal("Done: “hermit kingdom” is no longer an alias.", removed.Content);
        Assert.StartsWith("The articles don't say.", afterRemoval.Embed("description"), StringComparison.Ordinal);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task The_gaps_report_lists_unanswered_questions_most_asked_first_and_answers_marked_not_helpful()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        await discord.AskAsync("What is the weather like on Mars?");
        await discord.AskAsync("what is the weather like on mars", OtherMember);
        await discord.AskAsync("Who won the 1998 World Cup?");
        var answer = await discord.AskAsync(TroopsQuestion, OtherMember, channelId: Questions);
        var vote = await discord.SendComponentAsync(answer.CustomIds().Single(id => id.EndsWith(":down", StringComparison.Ordinal)), answer.Id);
        await vote.WaitForOriginalAsync(Answers.Patience);

        var gaps = await discord.ModAsync(Sub("gaps"));
        var stats = await discord.ModAsync(Sub("stats", CommandOption.Integer("days", 1)));

        var unanswered = Field(gaps, 0);
        Assert.Equal("Unanswered (3 questions, 2 different)", unanswered.Name);
        Assert.Equal("**2×** What is the weather like on Mars?\n**1×** Who won the 1998 World Cup?", unanswered.Value);
        var notHelpful = Field(gaps, 1).Value;
        Assert.StartsWith($"👎 1 · {TroopsQuestion}", notHelpful, StringComparison.Ordinal);
        Assert.Contains("↳ Bloomberg · Xi’s Balancing Act", notHelpful, StringComparison.Ordinal);
        Assert.Equal("The last 1 day", stats.Embed("title"));
        Assert.Equal("4 from 2 members", Field(stats, 0).Value);
        Assert.Equal("1 (25%)", Field(stats, 1).Value);
        Assert.Equal("👍 0 · 👎 1 (0% helpful)", Field(stats, 2).Value);
        Assert.Equal($"<#{discord.Options.ChannelId}>: 3\n<#{Questions}>: 1", Field(stats, 3).Value);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task The_audit_log_shows_who_changed_what_and_why_newest_first()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30), CommandOption.String("reason", "too many repeats")));
        await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30)));
        await discord.ModAsync(Sub("block", CommandOption.User("user", Member.Id)));

        var log = await discord.ModAsync(Sub("log", CommandOption.Integer("count", 5)));

        var lines = log.Embed("description").Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^`\d{{4}}-\d\d-\d\d \d\d:\d\d UTC` <@{Moderator.Id}> \*\*block\*\*: blocked <@{Member.Id}>$", lines[0]);
        Assert.EndsWith($"<@{Moderator.Id}> **cooldown**: cooldown 30 seconds — “too many repeats”", lines[1], StringComparison.Ordinal);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task A_bad_knowledge_file_is_refused_on_reload_and_the_old_knowledge_keeps_answering()
    {
        var knowledgeFile = Path.Combine(Path.GetTempPath(), $"bot-knowledge-{Guid.NewGuid():N}.json");
        File.Copy(Bot.Tests.Support.RepositoryPaths.KnowledgeFile, knowledgeFile);
        try
        {
            await using var discord = await FakeDiscordServer.StartAsync();
            await using var bot = await RunningBot.StartAsync(discord, null, $"--Knowledge:Path={knowledgeFile}");
            await discord.AskAsync(TroopsQuestion);
            await File.WriteAllTextAsync(knowledgeFile, "{ \"format\": \"not the knowledge\"");

            var refused = await discord.ModAsync(Sub("reload", CommandOption.String("reason", "new articles")));
            var stillAnswering = await discord.AskAsync(TroopsQuestion, OtherMember);
            File.Copy(Bot.Tests.Support.RepositoryPaths.KnowledgeFile, knowledgeFile, overwrite: true);
            var reloaded = await discord.ModAsync(Sub("reload"));
            var log = await discord.ModAsync(Sub("log"));

            Assert.True(refused.IsEphemeral);
            Assert.StartsWith("The knowledge file was refused: ", refused.Content, StringComparison.Ordinal);
            Assert.Contains("keeps answering. Fix the file and run /mod reload again.", refused.Content, StringComparison.Ordinal);
            Assert.Contains("troops", stillAnswering.Embed("description"), StringComparison.Ordinal);
            Assert.StartsWith("Reloaded: now answering from knowledge ", reloaded.Content, StringComparison.Ordinal);
            Assert.Contains("**reload refused**", log.Embed("description"), StringComparison.Ordinal);
            Assert.Contains("“new articles”", log.Embed("description"), StringComparison.Ordinal);
            AssertCleanConversation(discord);
        }
        finally
        {
            File.Delete(knowledgeFile);
        }
    }

    [Fact]
    public async Task Every_mod_subcommand_works_for_a_moderator_and_is_refused_for_a_member()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        const ulong role = 777_000_000_000_000_001;
        (CommandOption Command, string Expected)[] table =
        [
            (Group("channels", "allow", Channel(Questions)), $"Done. I answer only in <#{Questions}>."),
            (Group("channels", "deny", Channel(Questions)), $"Done: I no longer answer in <#{Questions}>."),
            (Group("channels", "list"), $"I answer in every channel except <#{Questions}>."),
            (Group("channels", "reset"), "Done: the channel rules are cleared."),
            (Sub("block", CommandOption.User("user", OtherMember.Id)), $"Blocked <@{OtherMember.Id}>"),
            (Sub("blocked"), $"<@{OtherMember.Id}> since"),
            (Sub("unblock", CommandOption.User("user", OtherMember.Id)), $"Unblocked <@{OtherMember.Id}>"),
            (Sub("cooldown", CommandOption.Integer("seconds", 5)), "Done. Each member can ask once every 5 seconds."),
            (Sub("visibility", CommandOption.String("mode", "private")), "Done. Answers are private by default"),
            (Group("aliases", "add", CommandOption.String("term", "nk army"), CommandOption.String("means", "north korean troops")), "Done: from now on"),
            (Group("aliases", "list"), "“nk army” → “north korean troops”"),
            (Group("aliases", "remove", CommandOption.String("term", "nk army")), "Done: “nk army” is no longer an alias."),
            (Sub("gaps"), "Gaps in the last 30 days"),
            (Sub("stats"), "The last 7 days"),
            (Sub("log", CommandOption.Integer("count", 3)), "Audit log (newest first, 3 shown)"),
            (Sub("reload"), "Reloaded: now answering from knowledge"),
            (Group("role", "set", Role(role)), $"Done: members with <@&{role}> can now use /mod here"),
            (Group("role", "show"), $"Members with <@&{role}> can use /mod"),
            (Group("role", "clear"), "Done: there is no moderator role."),
        ];

        foreach (var (command, expected) in table)
        {
            var refused = await discord.ModAsync(command, Member, DiscordPermissions.Member);
            var done = await discord.ModAsync(command);

            Assert.True(refused.IsEphemeral);
            Assert.StartsWith("Only moderators can use /mod: members with Manage Server", refused.Content, StringComparison.Ordinal);
            Assert.True(done.IsEphemeral);
            Assert.Contains(expected, done.Text(), StringComparison.Ordinal);
        }

        var byAdministrator = await discord.ModAsync(Group("channels", "list"), OtherMember, DiscordPermissions.Member | DiscordPermissions.Administrator);
        Assert.Equal("I answer in every channel.", byAdministrator.Content);
        var definition = discord.Commands.ForGuild(discord.Options.GuildId).Single(command => command.GetProperty("name").GetString() == "mod");
        Assert.Equal("32", definition.GetProperty("default_member_permissions").GetString());
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task A_member_with_the_moderator_role_can_moderate_without_manage_server()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        const ulong role = 777_000_000_000_000_003;
        var withRole = OtherMember with { Roles = [role] };

        var before = await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30)), withRole, DiscordPermissions.Member);
        await discord.ModAsync(Group("role", "set", Role(role)));
        var after = await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30)), withRole, DiscordPermissions.Member);
        var withoutRole = await discord.ModAsync(Sub("cooldown"), Member, DiscordPermissions.Member);

        Assert.Equal("Only moderators can use /mod: members with Manage Server or Administrator.", before.Content);
        Assert.StartsWith("Done", after.Content, StringComparison.Ordinal);
        Assert.Equal($"Only moderators can use /mod: members with Manage Server, Administrator or <@&{role}>.", withoutRole.Content);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task Every_setting_survives_a_host_restart()
    {
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        const ulong role = 777_000_000_000_000_002;
        await using var discord = await FakeDiscordServer.StartAsync();
        await using (var first = await RunningBot.StartAsync(discord, database))
        {
            await discord.ModAsync(Group("channels", "allow", Channel(Questions)));
            await discord.ModAsync(Group("channels", "deny", Channel(OffTopic)));
            await discord.ModAsync(Sub("block", CommandOption.User("user", OtherMember.Id), CommandOption.String("reason", "flooding")));
            await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 45)));
            await discord.ModAsync(Sub("visibility", CommandOption.String("mode", "private")));
            await discord.ModAsync(Group("aliases", "add", CommandOption.String("term", "hermit kingdom"), CommandOption.String("means", "north korea")));
            await discord.ModAsync(Group("role", "set", Role(role)));
        }

        await using var second = await RunningBot.StartAsync(discord, database);
        await discord.Gateway.WaitForReadyAsync(Answers.Patience, count: 2);

        Assert.Equal($"I answer only in <#{Questions}>.", (await discord.ModAsync(Group("channels", "list"))).Content);
        Assert.Contains($"<@{OtherMember.Id}> since", (await discord.ModAsync(Sub("blocked"))).Embed("description"), StringComparison.Ordinal);
        Assert.Equal("Each member can ask once every 45 seconds.", (await discord.ModAsync(Sub("cooldown"))).Content);
        Assert.StartsWith("Answers are private by default", (await discord.ModAsync(Sub("visibility"))).Content, StringComparison.Ordinal);
        Assert.Equal("“hermit kingdom” → “north korea”", (await discord.ModAsync(Group("aliases", "list"))).Embed("description"));
        Assert.StartsWith($"Members with <@&{role}> can use /mod", (await discord.ModAsync(Group("role", "show"))).Content, StringComparison.Ordinal);
        var answer = await discord.AskAsync("Did the hermit kingdom dispatch troops to Russia?", channelId: Questions);
        Assert.True(answer.IsEphemeral);
        Assert.Contains("**North Korea**’s **troop dispatch**", answer.Embed("description"), StringComparison.Ordinal);
        Assert.Equal(7, (await discord.ModAsync(Sub("log", CommandOption.Integer("count", 50)))).Embed("description").Split('\n').Length);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task A_moderator_role_cannot_be_everyone()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);

        var refused = await discord.ModAsync(Group("role", "set", Role(discord.Options.GuildId)));

        Assert.Equal("That is @everyone: every member would become a moderator. Choose a role only moderators have.", refused.Content);
        Assert.Equal("There is no moderator role: members with Manage Server or Administrator can use /mod.", (await discord.ModAsync(Group("role", "show"))).Content);
        AssertCleanConversation(discord);
    }

    [Fact]
    public async Task Every_confirmed_change_survives_killing_the_process_in_the_middle_of_a_stream_of_changes()
    {
        var database = Path.Combine(Path.GetTempPath(), $"bot-kill-{Guid.NewGuid():N}.db");
        var confirmedTerms = new List<string>();
        var confirmedCooldown = 0;
        var confirmedChanges = 0;
        var killAfter = Random.Shared.Next(6, 20);
        await using (var discord = await FakeDiscordServer.StartAsync())
        await using (var bot = BotBinary.Start(discord, database))
        {
            await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
            for (var i = 1; ; i++)
            {
                // Alternate an insert (an alias) with an update of the settings row (the cooldown), each its own transaction.
                var change = i % 2 == 0
                    ? Group("aliases", "add", CommandOption.String("term", $"term{i}"), CommandOption.String("means", "north korea"))
                    : Sub("cooldown", CommandOption.Integer("seconds", i));
                var sent = await discord.SendSlashCommandAsync(discord.Options.GuildId, discord.Options.ChannelId, Moderator, "mod", [change], ModeratorPermissions);
                var last = confirmedChanges == killAfter;
                if (last)
                {
                    // Kill while this change is in flight: before, during or just after its commit.
                    await Task.Delay(Random.Shared.Next(0, 15));
                    await bot.KillAsync();
                }

                VisibleMessage reply;
                try
                {
                    reply = await sent.WaitForOriginalAsync(last ? TimeSpan.FromMilliseconds(200) : Answers.Patience);
                }
                catch (TimeoutException) when (last)
                {
                    break;
                }

                Assert.True((reply.Content ?? string.Empty).StartsWith("Done", StringComparison.Ordinal), $"change {i}: {reply.Content}\n{bot.Output}");
                confirmedChanges++;
                if (i % 2 == 0)
                {
                    confirmedTerms.Add($"term{i}");
                }
                else
                {
                    confirmedCooldown = i;
                }

                if (last)
                {
                    break;
                }
            }
        }

        await using var restartedDiscord = await FakeDiscordServer.StartAsync();
        await using var restarted = BotBinary.Start(restartedDiscord, database);
        await restartedDiscord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
        var aliases = (await restartedDiscord.ModAsync(Group("aliases", "list"))).Embed("description");
        var cooldown = (await restartedDiscord.ModAsync(Sub("cooldown"))).Content ?? string.Empty;

        Assert.All(confirmedTerms, term => Assert.Contains($"“{term}” → “north korea”", aliases, StringComparison.Ordinal));
        var stored = int.Parse(System.Text.RegularExpressions.Regex.Match(cooldown, @"once every (\d+) seconds").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(stored >= confirmedCooldown, $"cooldown {stored} is older than the confirmed {confirmedCooldown}");
        Assert.Empty(restartedDiscord.Violations);
    }

    private static (string Name, string Value) Field(VisibleMessage message, int index)
    {
        var field = message.Embeds[0].GetProperty("fields")[index];
        return (field.GetProperty("name").GetString()!, field.GetProperty("value").GetString()!);
    }

    private static void AssertCleanConversation(FakeDiscordServer discord)
    {
        Assert.All(discord.Messages, message => Assert.True(message.AllowedMentionsEmpty, "every message must ping nobody"));
        Assert.Empty(discord.Violations);
    }
}
