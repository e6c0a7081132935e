using Bot.Discord.Abstractions;
using Bot.LocalConsole;

namespace Bot.Tests;

public sealed class ConsoleCommandParserSpecs
{
    private static readonly IReadOnlyList<CommandDefinition> Commands =
    [
        new("ask", "Ask.", [new("question", "Q", CommandOptionType.String, Required: true), new("private", "P", CommandOptionType.Boolean)]),
        new("sources", "Sources.", [new("article", "A", CommandOptionType.String), new("paragraph", "N", CommandOptionType.Integer)]),
        new("mod", "Moderate.", [
            new("channels", "C", CommandOptionType.SubCommandGroup, Options: [new("allow", "A", CommandOptionType.SubCommand, Options: [new("channel", "C", CommandOptionType.Channel, Required: true)])]),
            new("articles", "A", CommandOptionType.SubCommandGroup, Options: [new("add", "A", CommandOptionType.SubCommand, Options: [new("file", "F", CommandOptionType.Attachment, Required: true), new("title", "T", CommandOptionType.String)])]),
        ]),
    ];

    [Fact]
    public void I_can_give_a_local_file_path_where_Discord_takes_an_upload()
    {
        var path = Path.Combine(Path.GetTempPath(), "harbour notes.md");

        var interaction = ConsoleCommandParser.Parse($"/mod articles add file: {path} title: Harbour notes", Commands, 1, out var problem);

        Assert.Null(problem);
        var file = interaction!.GetAttachment("file");
        Assert.NotNull(file);
        Assert.Equal("harbour notes.md", file.FileName);
        Assert.Equal(new Uri(path).AbsoluteUri, file.Url);
        Assert.Equal("Harbour notes", interaction.GetString("title"));
    }

    [Fact]
    public void I_can_type_a_slash_command_with_named_options_as_Discord_shows_them()
    {
        var interaction = ConsoleCommandParser.Parse("/sources article: ft-xi-wary-of-kim-putin paragraph: 3", Commands, 1, out var problem);

        Assert.Null(problem);
        Assert.Equal("sources", interaction!.CommandName);
        Assert.Equal("ft-xi-wary-of-kim-putin", interaction.GetString("article"));
        Assert.Equal(3, interaction.GetInteger("paragraph"));
    }

    [Fact]
    public void A_plain_line_is_a_question_for_ask_and_keeps_colons_in_the_question()
    {
        var interaction = ConsoleCommandParser.Parse("what happened in 2019: did Xi visit?", Commands, 1, out _);

        Assert.Equal("ask", interaction!.CommandName);
        Assert.Equal("what happened in 2019: did Xi visit?", interaction.GetString("question"));
    }

    [Fact]
    public void Subcommand_groups_are_bare_words_before_the_options()
    {
        var interaction = ConsoleCommandParser.Parse("/mod channels allow channel: 42", Commands, 1, out _);

        Assert.Equal(["channels", "allow"], interaction!.SubcommandPath);
        Assert.Equal("42", interaction.GetString("channel"));
    }

    [Fact]
    public void A_boolean_option_reads_yes_and_true()
    {
        var interaction = ConsoleCommandParser.Parse("/ask question: Who is Yun Sun? private: yes", Commands, 1, out _);

        Assert.Equal("Who is Yun Sun?", interaction!.GetString("question"));
        Assert.True(interaction.GetBoolean("private"));
    }

    [Fact]
    public void A_missing_required_option_or_unknown_command_is_explained()
    {
        Assert.Null(ConsoleCommandParser.Parse("/ask private: yes", Commands, 1, out var missing));
        Assert.Null(ConsoleCommandParser.Parse("/weather", Commands, 1, out var unknown));

        Assert.Contains("\"question\" is required", missing, StringComparison.Ordinal);
        Assert.Equal("Unknown command /weather. Commands: /ask, /sources, /mod.", unknown);
    }
}
