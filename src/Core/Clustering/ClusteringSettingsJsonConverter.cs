using System.Text.Json;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Clustering.Methods;

namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Writes <see cref="ClusteringSettings"/> flat, as the record's fields were written before the methods had a registry:
/// <c>{ "method": "gmm", "k": 10, "scaling": "standard", "nInit": 10, "covariance": "diag", "regCovar": 1e-06 }</c>.
/// Only the chosen method's parameters are written (with their values, defaults included, so a stored config says
/// everything that decided the result). Reading accepts any registered method's parameter (old configs carry all of
/// them), choices by name, method ids in any case, and the old enum's numbers; other names are an error when the
/// options disallow unmapped members (the API's strict reading), else skipped.
/// </summary>
public sealed class ClusteringSettingsJsonConverter : JsonConverter<ClusteringSettings>
{
    /// <summary>The order of the enum the method used to be, for configs that stored it as a number.</summary>
    private static readonly string[] LegacyOrder = [KMeansMethod.MethodId, GmmMethod.MethodId, WardMethod.MethodId, DbscanMethod.MethodId];

    public override ClusteringSettings Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("clustering settings are a JSON object");
        var settings = new ClusteringSettings();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return settings;
            var name = reader.GetString()!;
            reader.Read();
            if (Is(name, "method"))
            {
                var id = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString()!,
                    JsonTokenType.Number when reader.TryGetInt32(out var i) && i >= 0 && i < LegacyOrder.Length => LegacyOrder[i],
                    _ => throw new JsonException($"method must be one of {ClusteringMethods.Available}"),
                };
                settings = settings with { Method = ClusteringMethods.TryGet(id, out var m) ? m.Id : id };
            }
            else if (Is(name, "k"))
                settings = settings with { K = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var k) ? k : throw new JsonException("K must be a whole number") };
            else if (Is(name, "scaling"))
                settings = settings with { Scaling = JsonSerializer.Deserialize<FeatureScaling>(ref reader, options) };
            else if (Is(name, "parameters") && reader.TokenType == JsonTokenType.StartObject)
            {
                // Tolerated for hand-written configs: the parameters nested in an object.
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    settings = ReadParameter(ref reader, settings, key, options);
                }
            }
            else settings = ReadParameter(ref reader, settings, name, options);
        }
        throw new JsonException("clustering settings end early");
    }

    private static ClusteringSettings ReadParameter(ref Utf8JsonReader reader, ClusteringSettings settings, string name, JsonSerializerOptions options)
    {
        // The chosen method's own descriptor first (a key two methods share reads the same either way).
        var parameter = settings.Info?.Parameters.FirstOrDefault(p => Is(p.Key, name))
            ?? ClusteringMethods.AllParameters.FirstOrDefault(p => Is(p.Key, name));
        if (parameter is null)
        {
            if (options.UnmappedMemberHandling == JsonUnmappedMemberHandling.Disallow)
                throw new JsonException($"'{name}' is not a clustering setting (settings: method, k, scaling, {string.Join(", ", ClusteringMethods.AllParameters.Select(p => p.Key))})");
            reader.Skip();
            return settings;
        }
        double value;
        if (reader.TokenType == JsonTokenType.Number) value = reader.GetDouble();
        else if (reader.TokenType == JsonTokenType.String && parameter.TryParse(reader.GetString()!, out var parsed)) value = parsed;
        else throw new JsonException(parameter.Choices is { } c ? $"{parameter.Name} must be one of {string.Join(", ", c)}" : $"{parameter.Name} must be a number");
        return settings.With(parameter.Key, value);
    }

    public override void Write(Utf8JsonWriter writer, ClusteringSettings value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("method", value.Method);
        writer.WriteNumber("k", value.K);
        writer.WritePropertyName("scaling");
        JsonSerializer.Serialize(writer, value.Scaling, options);
        if (value.Info is null)
            foreach (var (key, v) in value.Parameters) writer.WriteNumber(key, v);
        foreach (var (parameter, v) in value.Values())
        {
            if (parameter.Choices is not null) writer.WriteString(parameter.Key, parameter.Format(v));
            else writer.WriteNumber(parameter.Key, v);
        }
        writer.WriteEndObject();
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
