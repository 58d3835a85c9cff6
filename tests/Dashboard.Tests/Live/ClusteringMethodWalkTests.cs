using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Live;

/// <summary>
/// Every method of the clustering registry, walked through the three ways in: the <c>cluster</c> CLI verb, a run posted
/// to the API (1 epoch on the tiny demo corpus), and the New run form. The methods come from
/// <see cref="ClusteringMethods.All"/>, so a method added there is walked without touching this file; each runs with its
/// own defaults (K = 3 or 5 where K is used).
/// </summary>
[Collection(LiveServerCollection.Name)]
public sealed class ClusteringMethodWalkTests(LiveServerFactory server) : IClassFixture<LiveServerFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    // Under the server's dataset roots: the API refuses a feature table anywhere else.
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(server.DatasetsFolder, "walk-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var m in ClusteringMethods.All) data.Add(m.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task TheCliVerbClustersWithTheMethodAndItsOptions(string id)
    {
        var method = ClusteringMethods.Get(id);
        // Three tight, well separated groups of 20 in 2-D: every method, at its defaults (K = 3 where K is used), finds them.
        var rng = new Random(1);
        var truth = Enumerable.Range(0, 60).Select(i => i / 20).ToArray();
        var rows = truth.Select(t => FormattableString.Invariant($"{t},{5 * t + 0.05 * (rng.NextDouble() - 0.5)},{3 * (t % 2) + 0.05 * (rng.NextDouble() - 0.5)}"));
        var csv = Path.Combine(_dir, "x.csv");
        File.WriteAllLines(csv, rows.Prepend("genre,a,b"));
        var outPath = Path.Combine(_dir, "out.json");
        // Each parameter through its generated option, at its default value.
        var options = method.Parameters.SelectMany(p => new[] { "--" + p.Option, p.Format(new ClusteringSettings { Method = id }.Value(p)) }).ToArray();
        Assert.Equal(0, await Verbs.RunAsync(["cluster", "--csv", csv, "--label-column", "genre", "--scale", "none", "--k", "3", "--method", id, "--out", outPath, .. options]));

        using var result = JsonDocument.Parse(File.ReadAllText(outPath));
        Assert.Equal(method.Id, result.RootElement.GetProperty("method").GetString());
        Assert.Equal(new ClusteringSettings { Method = id, K = 3, Scaling = FeatureScaling.None }.Label, result.RootElement.GetProperty("settings").GetString());
        var labels = result.RootElement.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(truth, labels), 12);
        Assert.Equal(method.FindsNoise, result.RootElement.TryGetProperty("noise_points", out _));

        // An option of another method is refused by name, and so is an out-of-range value.
        if (ClusteringMethods.AllParameters.FirstOrDefault(p => method.Parameters.All(q => q.Key != p.Key)) is { } foreign)
            Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--method", id, "--" + foreign.Option, foreign.Format(foreign.Default), "--out", outPath]));
        if (method.Parameters.FirstOrDefault(p => p.Choices is null) is { } numeric)
            Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--method", id, "--" + numeric.Option, "-1e9", "--out", outPath]));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task ARunPostedWithTheMethodCompletesAndNamesItsRowsAfterIt(string id)
    {
        var method = ClusteringMethods.Get(id);
        // A feature table of ten tight groups of six tracks on a 5 x 2 grid: standardised, the groups lie well apart in the
        // raw rows and in the (standardised) latent means, so every method finds groups at its defaults. (On the demo
        // corpus no single DBSCAN radius suits all five baseline representations.)
        var csv = Path.Combine(_dir, "features_30_sec.csv");
        var rng = new Random(3);
        var lines = new List<string> { "filename,length,a,b,label" };
        for (var g = 0; g < 10; g++)
            for (var t = 0; t < 6; t++)
                lines.Add(FormattableString.Invariant($"g{g}.{t:00000}.wav,661794,{10 * (g % 5) + 0.1 * rng.NextDouble():0.0000},{10 * (g / 5) + 0.1 * rng.NextDouble():0.0000},g{g}"));
        File.WriteAllLines(csv, lines);
        var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/runs", new
        {
            preset = Presets.MlpVaeAudio, dataset = csv, epochs = 5, aggregation = "clip", latentScaling = "standard",
            clustering = new { method = id, k = 5, scaling = "standard" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var run = await LiveRunTests.WaitFinishedAsync(client, runId);
        Assert.True(run.GetProperty("state").GetString() == "completed", $"{id}: {run}");

        var settings = RunRequest.Parse(await client.GetStringAsync($"/api/runs/{runId}/config.json"), "demo").Config!.Clustering;
        Assert.Equal(method.Id, settings.Method);
        var metrics = run.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(2, metrics.Count); // the raw table row and the model's
        foreach (var m in metrics)
        {
            // Every row, baselines included, is named after the method that clustered it (a Ward run is "... + Ward").
            Assert.EndsWith(" + " + method.Name, m.GetProperty("method").GetString());
            Assert.Equal(settings.Label, m.GetProperty("clustering").GetString());
            // K is the configured one, or the number of clusters a density method found (noise aside): at least 2, and
            // never the unused configured 5 by default.
            var k = m.GetProperty("k").GetInt32();
            if (method.UsesK) Assert.Equal(5, k);
            else Assert.InRange(k, 2, 60);
        }
        var assignments = (await client.GetStringAsync($"/api/runs/{runId}/assignments.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).Where(f => f[1].EndsWith("+ " + method.Name) && f[1].StartsWith("MLP")).Select(f => int.Parse(f[7])).ToList();
        if (!method.UsesK)
            Assert.Equal(assignments.Where(c => c >= 0).Distinct().Count(), metrics.Single(m => m.GetProperty("input").GetString() == "Latent").GetProperty("k").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task TheFormShowsTheMethodsFieldsAndWordsAnInvalidValue(string id)
    {
        var method = ClusteringMethods.Get(id);
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var cut = _ctx.Render<RunForm>(p => p.Add(f => f.Initial, Presets.MlpVaeAudioConfig("demo", 0)));
        var select = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "f-method"));
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(id));

        Assert.Equal(method.Id, cut.Instance.Current().Clustering.Method);
        Assert.Empty(cut.Instance.Problems);
        Assert.Equal(method.UsesK, cut.FindAll("[data-testid=f-k]").Count == 1);
        foreach (var other in ClusteringMethods.AllParameters.Where(p => method.Parameters.All(q => q.Key != p.Key)))
            Assert.Empty(cut.FindAll($"[data-testid=f-{other.Option}]"));
        foreach (var p in method.Parameters)
        {
            var field = cut.Find($"[data-testid=f-{p.Option}]");
            Assert.Contains(p.Label, Around(field).TextContent);
            if (p.Choices is not null) continue;
            var input = field.TagName == "INPUT" ? field : field.QuerySelector("input")!;
            var bad = double.IsFinite(p.Min) ? p.Min - 1 : p.Max + 1;
            input.Input(bad.ToString(CultureInfo.InvariantCulture));
            cut.WaitForAssertion(() => Assert.Contains($"{p.Name} must be", Around(cut.Find($"[data-testid=f-{p.Option}]")).TextContent), TimeSpan.FromSeconds(10));
            Assert.True(cut.Find("[data-testid=f-submit]").HasAttribute("disabled"));
            input = cut.Find($"[data-testid=f-{p.Option}]") is { TagName: "INPUT" } i ? i : cut.Find($"[data-testid=f-{p.Option}]").QuerySelector("input")!;
            input.Input(p.Format(new ClusteringSettings { Method = id }.Value(p)));
            cut.WaitForAssertion(() => Assert.Empty(cut.Instance.Problems), TimeSpan.FromSeconds(10));
        }
    }

    private static AngleSharp.Dom.IElement Around(AngleSharp.Dom.IElement el) => el.Closest(".mud-input-control") ?? el.Closest(".mud-select") ?? el;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
