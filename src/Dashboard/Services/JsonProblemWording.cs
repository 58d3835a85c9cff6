using System.Text.Json;
using System.Text.RegularExpressions;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// Says in words what System.Text.Json found wrong with a request. Its own messages name .NET types ("could not be
/// converted to System.Int32", "could not be mapped to any .NET member contained in type 'MusicDashboard...RunConfig'");
/// users and scripts get "epochs must be a whole number" or "'epoch' is not a setting of vae (settings: ...)" instead.
/// </summary>
public static partial class JsonProblemWording
{
    /// <summary>The problem with <paramref name="field"/> ("vae.epochs") of a request read as <paramref name="root"/> with
    /// <paramref name="options"/> (whose contracts say which settings there are and what each holds);
    /// <paramref name="topLevelExtras"/> are names the request takes beyond the type's own (shortcuts).</summary>
    public static string Reason(JsonException e, string field, JsonSerializerOptions options, Type root, IEnumerable<string> topLevelExtras)
    {
        var message = e.Message;
        var name = field.Contains('.') ? field[(field.LastIndexOf('.') + 1)..] : field;
        var parent = field.Contains('.') ? field[..field.LastIndexOf('.')] : "";
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var settings = TypeAt(options, root, parent) is { } type ? Settings(options, type).ToList() : [];
            if (parent.Length == 0) settings = [.. settings, .. topLevelExtras.Where(x => !settings.Contains(x, StringComparer.OrdinalIgnoreCase))];
            return $"'{name}' is not a setting{(parent.Length > 0 ? $" of {parent}" : "")}" +
                   (settings.Count > 0 ? $" (settings{(parent.Length > 0 ? " there" : "")}: {string.Join(", ", settings)})" : "");
        }
        if (ConvertedTo().Match(message) is { Success: true } m)
        {
            var expected = TypeAt(options, root, field) is { } type ? Describe(type) : Expected(m.Groups[1].Value);
            return $"{(name.Length > 0 ? name : "the request")} must be {expected}";
        }
        return Words(message, name.Length > 0 ? $"{name} has a value that cannot be used here" : "the request cannot be read as a run configuration");
    }

    /// <summary>The names a type's JSON object takes (writable properties; computed ones are only written).</summary>
    public static IEnumerable<string> Settings(JsonSerializerOptions options, Type type) =>
        options.GetTypeInfo(type).Properties.Where(p => p.Set is not null).Select(p => p.Name);

    /// <summary>The type of the value at a path ("vae.hidden[0]"), by the options' contracts; null when unknown.</summary>
    private static Type? TypeAt(JsonSerializerOptions options, Type root, string path)
    {
        var type = root;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket >= 0 ? segment[..bracket] : segment;
            var property = options.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null) return null;
            type = property.PropertyType;
            if (bracket >= 0 && ElementOf(type) is not { } element) return null;
            else if (bracket >= 0) type = ElementOf(type)!;
        }
        return type;
    }

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>What a value of the type looks like in JSON, in words.</summary>
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong)) return "a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(string)) return "text in quotes";
        if (type == typeof(bool)) return "true or false";
        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) ||
            type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            return "an object of named values";
        if (ElementOf(type) is { } element)
            return Describe(element) switch { "a whole number" => "a list of whole numbers, e.g. [256, 128]", "a number" => "a list of numbers", _ => "a list" };
        return "an object of settings ({ ... })";
    }

    /// <summary>A message without the parser's position suffix; <paramref name="fallback"/> when it still names a .NET type.</summary>
    public static string Words(string message, string fallback)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return NamesAType(message) ? fallback : message.Trim().TrimEnd('.');
    }

    /// <summary>Whether a text names a .NET type or namespace (what no user-facing message may do).</summary>
    public static bool NamesAType(string text) =>
        text.Contains("System.", StringComparison.Ordinal) || text.Contains("MusicDashboard.", StringComparison.Ordinal) ||
        text.Contains("Microsoft.", StringComparison.Ordinal) || text.Contains(".NET", StringComparison.Ordinal);

    /// <summary>What a value of the named .NET type looks like in JSON, in words (when the path does not lead to it).</summary>
    internal static string Expected(string typeName)
    {
        var nullable = NullableOf().Match(typeName);
        if (nullable.Success) typeName = nullable.Groups[1].Value;
        if (typeName.EndsWith("[]", StringComparison.Ordinal))
            return Expected(typeName[..^2]) switch { "a whole number" => "a list of whole numbers, e.g. [256, 128]", "a number" => "a list of numbers", _ => "a list" };
        var type = Type.GetType(typeName, throwOnError: false)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        return type is null ? "a value of another kind" : Describe(type);
    }

    [GeneratedRegex(@"could not be converted to (\S+?)\.?(\s|$)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^System\.Nullable`1\[\[([^,\]]+)")]
    private static partial Regex NullableOf();
}
