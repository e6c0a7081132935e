using System.Text.RegularExpressions;

namespace Bot.Knowledge.Articles;

/// <summary>
/// What a web page pasted as an article carries that is not the article. The rules describe kinds of
/// block (ad markers, newsletter prompts, section labels, photo captions, copyright lines, credits),
/// not the lines of any one file, so an article from another site mostly just works.
/// </summary>
internal static partial class BoilerplateRules
{
    /// <summary>Whole blocks that are page furniture: ad markers, share/subscribe prompts, link stubs.</summary>
    [GeneratedRegex(
        @"^(advertisement|advertising|ad|sponsored( content)?|source link|read more|read next|related( articles| stories)?|" +
        @"(sign up|subscribe)\b.*|unlock the .{0,40}digest for free|share (this|on) .*|follow us\b.*|recommended( for you)?|" +
        @"click here\b.*|continue reading|skip to (main )?content|listen to (this|the) (article|story).*|\(?\d+ min(ute)? read\)?|" +
        @"photo(graph)?s?:.*|image:.*|video:.*|getty images|reuters|afp)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex PageFurniture();

    /// <summary>Copyright and rights lines: "©2024 Bloomberg L.P.", "Copyright 2024 ...", "All rights reserved".</summary>
    [GeneratedRegex(@"^(©|\(c\)\s*\d{4}|copyright\b)|all rights reserved", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Copyright();

    /// <summary>The year a copyright line states, for an article whose header gives no date.</summary>
    [GeneratedRegex(@"(?:©|copyright|\(c\))\s*(?<year>(19|20)\d{2})\s*(?<holder>[^.]*(?:\.[A-Z]\.)*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex CopyrightYearAndHolder();

    /// <summary>Reporting credits: "--With assistance from A and B.", "With reporting by ...", "Additional reporting by ...".</summary>
    [GeneratedRegex(@"^[-–—\s]*(with assistance from|with reporting by|additional reporting by|reporting by|editing by|written by)\s+(?<names>.+?)\.?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Credit();

    /// <summary>
    /// A photo caption ends in a parenthesised credit naming a photographer or an agency's picture desk:
    /// "Kim in Pyongyang. (Xinhua News Agency/Photographer: Ju Peng/Xinhua/Get)".
    /// </summary>
    [GeneratedRegex(@"\((?=[^()]*(photo|photographer|getty|images|pool|afp|reuters|ap photo|/))[^()]{3,160}\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex CaptionCredit();

    /// <summary>
    /// The wire dateline that opens a story: "(Bloomberg) -- ", "WASHINGTON (Reuters) - ", "LONDON — ".
    /// Only the prefix is dropped, so the paragraph stays a verbatim stretch of the article.
    /// </summary>
    [GeneratedRegex(@"^(?:[A-Z][A-Z .,'’-]{1,40}\s*)?(?:\((?<agency>[A-Z][\w .&'’-]{1,40})\)\s*)(?:--|—|–|-)\s+|^[A-Z][A-Z .,'’-]{2,40}\s+(?:--|—|–)\s+", RegexOptions.CultureInvariant)]
    public static partial Regex Dateline();
}
