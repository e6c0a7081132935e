namespace Bot.Tests.Moderation;

/// <summary>Three short articles on a made-up subject the shipped articles never mention, as a moderator would upload them.</summary>
internal static class ArticleFixtures
{
    public const string Html = """
        <!doctype html>
        <html><head>
          <title>Quillon valley dam approved | The Valley Courier</title>
          <meta property="og:title" content="Quillon valley dam approved after ten-year fight">
          <meta property="og:site_name" content="The Valley Courier">
          <script>document.write('tracking pixel loaded');</script>
          <style>p { color: red }</style>
        </head><body>
          <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
          <div class="ad-slot">Buy cheap hammocks today, best prices in the valley</div>
          <article>
            <h1>Quillon valley dam approved after ten-year fight</h1>
            <p>The regional council approved the Quillon valley dam on Tuesday, ending a ten-year fight over the river's future.</p>
            <p>Engineers say the dam will hold back 40 million cubic metres of water and power eleven thousand homes.</p>
            <div class="share-bar">Share on social media</div>
            <p>Farmers downstream warned that the reservoir would flood the old orchard road used by the Brennick family since 1890.</p>
          </article>
          <footer>Copyright The Valley Courier. All rights reserved.</footer>
        </body></html>
        """;

    public const string Markdown = """
        # Brennick orchard cider wins the autumn fair

        The **Brennick orchard** cider took first prize at the autumn fair, judged on sweetness and clarity.

        - The judges praised its *apple blossom* aroma and its pale gold colour.

        ```
        var notACiderParagraph = true;
        ```

        Mara Brennick said the prize belonged to her grandmother, who planted the first trees by the orchard road.
        """;

    public const string Text = """
        Lantern festival draws record crowds

        More than twenty thousand visitors came to the lantern festival at Pell harbour on Saturday night.

        The organisers released four hundred paper lanterns over the water, a tradition that began in 1952.
        """;

    public static string Write(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
