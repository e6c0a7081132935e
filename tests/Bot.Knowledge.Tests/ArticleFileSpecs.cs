using System.Diagnostics;
using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;

namespace Bot.Knowledge.Tests;

/// <summary>
/// Article files as a careless operator leaves them (issue 19): other encodings, binaries, broken headers, unsafe ids,
/// links and pipes. Text in any Unicode encoding with a byte-order mark is read; everything else gets one line naming the
/// file, never garbage articles or a hang.
/// </summary>
public sealed class ArticleFileSpecs
{
    private const string Article = """
        ---
        id: harbour
        title: Harbour expansion approved
        ---
        Harbour expansion approved

        The city council approved the harbour expansion on Tuesday by seven votes to two, said Zoë Brandt.

        The new quay will cost $40 million and open in 2027.
        """;

    public static TheoryData<string> Encodings => ["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "utf-32le", "utf-32be"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void An_article_saved_in_any_unicode_encoding_with_a_byte_order_mark_reads_the_same(string encoding)
    {
        var bytes = encoding switch
        {
            "utf-8" => Encoding.UTF8.GetBytes(Article),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Article)],
            "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Article)],
            "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Article)],
            "utf-32le" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(Article)],
            _ => [.. new UTF32Encoding(bigEndian: true, byteOrderMark: true).GetPreamble(), .. new UTF32Encoding(bigEndian: true, byteOrderMark: true).GetBytes(Article)],
        };

        var article = ArticleParser.Parse(ArticleSource.Parse("harbour.txt", bytes));

        Assert.Equal("harbour", article.Id);
        Assert.Equal("Harbour expansion approved", article.Title);
        Assert.Equal(
            ["The city council approved the harbour expansion on Tuesday by seven votes to two, said Zoë Brandt.", "The new quay will cost $40 million and open in 2027."],
            article.Paragraphs.Select(paragraph => paragraph.Text));
    }

    [Fact]
    public void A_binary_file_named_txt_is_refused_with_one_line_naming_it()
    {
        // The start of an ELF executable: NUL bytes among the letters.
        byte[] bytes = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("GLIBC_2.34 main puts")];

        var refused = Assert.Throws<ArticleFileException>(() => ArticleSource.Parse("tool.txt", bytes));

        AssertOneLineNaming("tool.txt", refused.Message);
        Assert.Contains("not text", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_refused_not_read_as_garbage()
    {
        var refused = Assert.Throws<ArticleFileException>(() => ArticleSource.Parse("notes.txt", Encoding.Unicode.GetBytes(Article)));

        AssertOneLineNaming("notes.txt", refused.Message);
        Assert.Contains("UTF-16 without a byte-order mark", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_without_nul_are_refused_as_not_utf8()
    {
        var bytes = new byte[4096];
        new Random(19).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }

        var refused = Assert.Throws<ArticleFileException>(() => ArticleSource.Parse("noise.txt", bytes));

        AssertOneLineNaming("noise.txt", refused.Message);
        Assert.Contains("is not UTF-8 text", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stray_latin1_letter_in_a_utf8_article_is_kept_as_a_replacement_character()
    {
        var bytes = Encoding.UTF8.GetBytes(Article.Replace("Zoë", "Zo\u0001", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)1)] = 0xEB;

        var article = ArticleParser.Parse(ArticleSource.Parse("harbour.txt", bytes));

        Assert.Contains("said Zo\uFFFD Brandt.", article.Paragraphs[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("Harbour_News")]
    [InlineData("-harbour")]
    [InlineData("harbour news")]
    [InlineData("café")]
    public void An_id_that_is_not_a_safe_slug_is_refused_with_one_line_naming_the_file(string id)
    {
        var source = Source("harbour.txt", Article.Replace("id: harbour", "id: " + id, StringComparison.Ordinal));

        var refused = Assert.Throws<ArticleFileException>(() => ArticleParser.Parse(source));

        AssertOneLineNaming("harbour.txt", refused.Message);
        Assert.Contains($"'{id}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("lower-case letters a-z, digits and hyphens", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_made_from_a_file_name_is_a_safe_slug()
    {
        var article = ArticleParser.Parse(Source("Harbour News (2024) é.txt", "Harbour News\n\nThe harbour opened on Monday.\n"));

        Assert.Equal("harbour-news--2024", article.Id);
    }

    [Fact]
    public void A_header_line_without_a_colon_is_refused_with_its_line_number()
    {
        var source = Article.Replace("title: Harbour expansion approved", "title: Harbour expansion approved\npublisher Harbour Gazette", StringComparison.Ordinal);

        var refused = Assert.Throws<ArticleFileException>(() => Source("harbour.txt", source));

        AssertOneLineNaming("harbour.txt", refused.Message);
        Assert.Contains("line 4: 'publisher Harbour Gazette' is not a 'field: value' header line", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_never_closed_is_refused_not_read_as_the_article()
    {
        var fieldsOnly = Assert.Throws<ArticleFileException>(() => Source("harbour.txt", "---\nid: harbour\ntitle: Harbour expansion approved\n"));
        var withText = Assert.Throws<ArticleFileException>(() => Source("harbour.txt", "---\nid: harbour\n\nThe city council approved the harbour expansion.\n"));

        AssertOneLineNaming("harbour.txt", fieldsOnly.Message);
        Assert.Contains("opens a header with --- on line 1 but never closes it", fieldsOnly.Message, StringComparison.Ordinal);
        Assert.Contains("line 4: 'The city council approved the harbour expansion.' is not a 'field: value' header line; end the header with a --- line", withText.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        var refused = Assert.Throws<ArticleFileException>(() => Source("harbour.txt", Article.Replace("id: harbour", "id: harbour\nid: port", StringComparison.Ordinal)));

        Assert.Contains("line 3: the header gives 'id' twice", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_lines_and_empty_fields_in_a_header_are_fine()
    {
        var source = Source("harbour.txt", Article.Replace("title: Harbour expansion approved", "title: Harbour expansion approved\n\nurl:\ndate:", StringComparison.Ordinal));

        Assert.Equal("Harbour expansion approved", source.Field("title"));
        Assert.Null(source.Field("url"));
        Assert.StartsWith("Harbour expansion approved\n", source.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bloomberg-xi-balancing-act.txt", "Xi’s Balancing Act on Ukraine Disrupted by Putin-Kim Alliance")]
    [InlineData("ft-xi-wary-of-kim-putin.txt", "Why Xi Jinping is wary of Kim Jong Un’s embrace of Vladimir Putin")]
    public void An_empty_title_is_the_headline_in_the_body_and_the_paragraph_numbers_do_not_move(string file, string title)
    {
        var text = File.ReadAllText(RepositoryPaths.Article(file));
        var given = ArticleParser.Parse(Source(file, text));

        var empty = ArticleParser.Parse(Source(file, text.Replace("title: " + title, "title:", StringComparison.Ordinal)));

        Assert.Equal(title, given.Title);
        Assert.Equal(title, empty.Title);
        Assert.Equal(Paragraphs(given), Paragraphs(empty));
    }

    [Fact]
    public void A_section_label_above_the_headline_is_not_taken_as_the_title()
    {
        const string Page = "ADVERTISEMENT\n\nWorld news\n\nHarbour expansion approved after long fight\n\nThe city council approved the expansion.\n";

        var article = ArticleParser.Parse(Source("harbour.txt", Page));
        var titled = ArticleParser.Parse(Source("harbour.txt", "---\ntitle: Harbour expansion approved after long fight\n---\n" + Page));

        Assert.Equal("Harbour expansion approved after long fight", article.Title);
        Assert.Equal(["1 The city council approved the expansion."], Paragraphs(article));
        Assert.Equal(Paragraphs(titled), Paragraphs(article));
    }

    [Fact]
    public void A_plain_text_files_short_first_line_is_its_title()
    {
        var article = ArticleParser.Parse(Source("zebras.txt", "Zebra migration report\n\nThe herd left the plains in March.\n\nRangers counted 1,200 animals.\n"));

        Assert.Equal("Zebra migration report", article.Title);
        Assert.Equal(["1 The herd left the plains in March.", "2 Rangers counted 1,200 animals."], Paragraphs(article));
    }

    [Fact]
    public async Task A_pipe_named_like_an_article_is_refused_without_waiting_for_a_writer()
    {
        var folder = FolderWithAnArticle();
        var pipe = Path.Combine(folder, "pipe.txt");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var build = Task.Run(() => KnowledgeBuilder.BuildFromDirectory(folder));
        var refused = await Assert.ThrowsAsync<KnowledgeBuildException>(() => build.WaitAsync(TimeSpan.FromSeconds(20)));

        AssertOneLineNaming(pipe, refused.Message);
        Assert.Contains("not a regular file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_that_loops_is_refused_with_one_line()
    {
        var folder = FolderWithAnArticle();
        var loop = Path.Combine(folder, "loop.txt");
        File.CreateSymbolicLink(loop, "loop.txt");

        var refused = Assert.Throws<KnowledgeBuildException>(() => KnowledgeBuilder.BuildFromDirectory(folder));

        AssertOneLineNaming(loop, refused.Message);
        Assert.Contains("leads back to itself", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_symbolic_link_is_refused_with_one_line()
    {
        var folder = FolderWithAnArticle();
        var dangling = Path.Combine(folder, "gone.txt");
        File.CreateSymbolicLink(dangling, "/no/such/article.txt");

        var refused = Assert.Throws<KnowledgeBuildException>(() => KnowledgeBuilder.BuildFromDirectory(folder));

        AssertOneLineNaming(dangling, refused.Message);
        Assert.Contains("'/no/such/article.txt', which does not exist", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_to_an_article_is_read_as_that_article()
    {
        var folder = FolderWithAnArticle();
        File.CreateSymbolicLink(Path.Combine(folder, "ft.txt"), RepositoryPaths.Article("ft-xi-wary-of-kim-putin.txt"));

        var payload = KnowledgeBuilder.BuildFromDirectory(folder);

        Assert.Equal(["ft-xi-wary-of-kim-putin", "harbour"], payload.Articles.Select(article => article.Id));
    }

    [Fact]
    public void A_bad_file_among_many_fails_the_build_with_that_files_line_every_time()
    {
        var folder = FolderWithAnArticle();
        for (var i = 0; i < 8; i++)
        {
            File.Copy(RepositoryPaths.Article("bloomberg-xi-balancing-act.txt"), Path.Combine(folder, $"copy-{i}.txt"));
            File.WriteAllText(Path.Combine(folder, $"copy-{i}.txt"), File.ReadAllText(RepositoryPaths.Article("bloomberg-xi-balancing-act.txt")).Replace("id: bloomberg-xi-balancing-act", $"id: copy-{i}", StringComparison.Ordinal));
        }

        File.WriteAllBytes(Path.Combine(folder, "m-binary.txt"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0, 0]);
        File.WriteAllText(Path.Combine(folder, "n-unclosed.txt"), "---\nid: unclosed\n");

        var refused = Assert.Throws<KnowledgeBuildException>(() => KnowledgeBuilder.BuildFromDirectory(folder));

        Assert.StartsWith("Article file 'm-binary.txt' is not text", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_the_knowledge_file_over_a_folder_or_under_a_file_is_one_line_and_leaves_no_tmp()
    {
        var folder = Directory.CreateTempSubdirectory("knowledge-out-").FullName;
        var payload = KnowledgeBuilder.Build([Source("harbour.txt", Article)]);
        Directory.CreateDirectory(Path.Combine(folder, "taken"));
        File.WriteAllText(Path.Combine(folder, "plain"), "a file");

        var overFolder = Assert.Throws<KnowledgeBuildException>(() => KnowledgeFile.Write(Path.Combine(folder, "taken"), payload));
        var underFile = Assert.Throws<KnowledgeBuildException>(() => KnowledgeFile.Write(Path.Combine(folder, "plain", "knowledge.bin"), payload));

        AssertOneLineNaming(Path.Combine(folder, "taken"), overFolder.Message);
        Assert.Contains("that is a folder", overFolder.Message, StringComparison.Ordinal);
        AssertOneLineNaming(Path.Combine(folder, "plain", "knowledge.bin"), underFile.Message);
        Assert.Contains("is a file, not a folder", underFile.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_stale_tmp_beside_the_knowledge_file_is_replaced_and_gone_after_the_write()
    {
        var folder = Directory.CreateTempSubdirectory("knowledge-out-").FullName;
        var path = Path.Combine(folder, "knowledge.bin");
        File.WriteAllText(path + ".tmp", "half a file from a build that was killed");
        var payload = KnowledgeBuilder.Build([Source("harbour.txt", Article)]);

        var checksum = KnowledgeFile.Write(path, payload);

        Assert.Equal(KnowledgeFile.Serialize(payload), File.ReadAllBytes(path));
        Assert.Equal(KnowledgeFile.ChecksumOf(File.ReadAllBytes(path)), checksum);
        Assert.False(File.Exists(path + ".tmp"));
    }

    private static ArticleSource Source(string file, string text) => ArticleSource.Parse(file, Encoding.UTF8.GetBytes(text));

    private static List<string> Paragraphs(ParsedArticle article) => article.Paragraphs.Select(paragraph => $"{paragraph.Number} {paragraph.Text}").ToList();

    private static string FolderWithAnArticle()
    {
        var folder = Directory.CreateTempSubdirectory("articles-").FullName;
        File.WriteAllText(Path.Combine(folder, "harbour.txt"), Article);
        return folder;
    }

    private static void AssertOneLineNaming(string file, string message)
    {
        Assert.Contains($"'{file}'", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }
}
