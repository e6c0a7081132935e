namespace Bot.Moderation;

/// <summary>The bounds of what moderators can set, shared by the command's definition and its checks.</summary>
public static class ModerationLimits
{
    /// <summary>An hour: longer is a block, and a block says so.</summary>
    public const int MaxCooldownSeconds = 3600;

    /// <summary>Aliases are applied to every question of the server; a few hundred keeps that instant.</summary>
    public const int MaxAliasesPerServer = 200;

    public const int MaxTermLength = 60;

    public const int MaxMeansLength = 200;

    /// <summary>Reasons are shown in the audit log, one line each.</summary>
    public const int MaxReasonLength = 300;

    public const int MaxReportDays = 365;

    public const int MaxLogLines = 50;
}

/// <summary>Numbers and times as the replies say them.</summary>
internal static class Describe
{
    public static string Seconds(int seconds) => seconds switch
    {
        1 => "1 second",
        < 120 => $"{seconds} seconds",
        _ when seconds % 60 == 0 => $"{seconds / 60} minutes",
        _ => $"{seconds / 60} min {seconds % 60} s",
    };

    public static string Count(int count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Percent(int part, int whole) =>
        whole == 0 ? "–" : (100.0 * part / whole).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
