using System.Collections.Concurrent;
using System.Text.Json;

namespace MusicDashboard.Core.Tests.Clustering;

/// <summary>Loose access to the newer scikit-learn fixtures (gmm, hierarchy_density, metrics_extra, tsne) in
/// tests/fixtures/sklearn, whose shapes vary per entry.</summary>
public static class FixtureJson
{
    private static readonly ConcurrentDictionary<string, JsonElement> Cache = new();

    public static JsonElement Load(string name) => Cache.GetOrAdd(name, n =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture($"sklearn/{n}.json"))).RootElement);

    public static double[][] Matrix(this JsonElement e) =>
        e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>|actual - expected| within rel * max(1, |expected|).</summary>
    public static void Close(double expected, double actual, double rel, string what)
    {
        var tol = rel * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tol, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tol:G3})");
    }
}
