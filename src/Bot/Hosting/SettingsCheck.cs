using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Bot.Hosting;

/// <summary>
/// Checks, before anything binds them, that the values of a settings section convert to the types of the options
/// record they bind to. The configuration binder meets "abc" for a number by throwing, which came out as a 26-line
/// stack trace and exit 134 (issue 19); this names the setting, what it holds and what it takes, in the one line
/// every other invalid setting gets.
/// </summary>
internal static class SettingsCheck
{
    /// <summary>Throws <see cref="ConfigurationProblemException"/> naming every value of <paramref name="sections"/> that cannot be read.</summary>
    public static void Require(IConfiguration configuration, params (string Section, Type Options)[] sections)
    {
        var problems = sections.SelectMany(section => Problems(configuration.GetSection(section.Section), section.Options)).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException($"Configuration is not valid: {string.Join(" ", problems)}");
        }
    }

    /// <summary>One sentence for each value of <paramref name="section"/> that its property's type cannot take.</summary>
    internal static IEnumerable<string> Problems(IConfigurationSection section, Type options)
    {
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite))
        {
            var nullable = Nullable.GetUnderlyingType(property.PropertyType);
            var type = nullable ?? property.PropertyType;
            var value = section[property.Name];
            if (type == typeof(string) || value is null || (nullable is not null && value.Length == 0) || Converts(value, type))
            {
                continue;
            }

            yield return $"{section.Path}:{property.Name} must be {Expected(type, property)}; \"{Shorten(value)}\" is not.";
        }
    }

    private static bool Converts(string value, Type type)
    {
        try
        {
            // The converter the configuration binder itself uses, with the same culture.
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException or NotSupportedException or IndexOutOfRangeException)
        {
            // IndexOutOfRangeException: what Int32Converter throws for an empty string.
            return false;
        }
    }

    private static string Expected(Type type, PropertyInfo property)
    {
        var range = property.GetCustomAttribute<RangeAttribute>();
        var within = range is null ? "" : string.Create(CultureInfo.InvariantCulture, $" from {range.Minimum} to {range.Maximum}");
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number" + (range is null ? $" that fits in {(type == typeof(int) ? "32" : "64")} bits" : within),
            _ when type == typeof(double) || type == typeof(decimal) => "a number" + within,
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 00:00:02.5 (hours:minutes:seconds)",
            _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ => $"a {type.Name}",
        };
    }

    /// <summary>Enough of the value to recognise it; a mistaken paste can be long.</summary>
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
