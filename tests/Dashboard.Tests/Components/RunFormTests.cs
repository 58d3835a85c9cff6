using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>The New run form: presets fill it, RunConfig's own validation messages appear beside the fields they name.</summary>
public sealed class RunFormTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public RunFormTests()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<RunForm> Render(RunConfig initial, Action<RunConfig>? onSubmit = null) => _ctx.Render<RunForm>(p => p
        .Add(f => f.Initial, initial)
        .Add(f => f.CheckDataset, d => d == "demo" ? null : $"folder '{d}' does not exist")
        .Add(f => f.OnSubmit, c => onSubmit?.Invoke(c)));

    private static string FieldValue(IRenderedComponent<RunForm> cut, string testId) => Input(cut, testId).GetAttribute("value") ?? "";

    /// <summary>MudBlazor puts the test id on the input element; its label, helper and error text live in the control around it.</summary>
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<RunForm> cut, string testId)
    {
        var el = cut.Find($"[data-testid={testId}]");
        return el.TagName is "INPUT" or "TEXTAREA" ? el : el.QuerySelector("input, textarea") ?? el;
    }

    private static string FieldText(IRenderedComponent<RunForm> cut, string testId)
    {
        var el = cut.Find($"[data-testid={testId}]");
        return (el.Closest(".mud-input-control") ?? el.Closest(".mud-select") ?? el).TextContent;
    }

    [Theory]
    [InlineData(Presets.MlpVaeAudio)]
    [InlineData(Presets.MlpVaeLyrics)]
    [InlineData(Presets.ConvVaeMelspec)]
    [InlineData(Presets.CvaeFusion)]
    public async Task EachPresetFillsTheFormAndComesBackUnchanged(string preset)
    {
        var config = Presets.ByName(preset, "demo", 5);
        var cut = Render(Presets.MlpVaeAudioConfig("demo", 5));
        // Awaited: the renderer's dispatcher may queue the call, and a loaded machine then read the fields before it ran.
        await cut.InvokeAsync(() => cut.Instance.ApplyPreset(preset));

        Assert.Equal(config.Vae.Epochs.ToString(), FieldValue(cut, "f-epochs"));
        Assert.Equal(config.Vae.LatentDim.ToString(), FieldValue(cut, "f-latent"));
        Assert.Equal(config.Vae.BatchSize.ToString(), FieldValue(cut, "f-batch"));
        // What the form would submit is the preset itself: nothing lost or changed on the way through the fields.
        Assert.Equal(config.ToJson(), cut.Instance.Current().ToJson());
        Assert.Empty(cut.Instance.Problems);
        Assert.Equal(preset == Presets.CvaeFusion, cut.FindAll("[data-testid=f-condition]").Count == 1);
    }

    [Fact]
    public void AnOutOfRangeValueShowsRunConfigsMessageBesideItsFieldAndBlocksSubmit()
    {
        var submitted = new List<RunConfig>();
        var cut = Render(Presets.MlpVaeAudioConfig("demo", 0), submitted.Add);
        Assert.False(cut.Find("[data-testid=f-submit]").HasAttribute("disabled"));

        Input(cut, "f-epochs").Input("0");
        Assert.Contains("epochs must be between 1 and 10000", FieldText(cut, "f-epochs"));
        Assert.True(cut.Find("[data-testid=f-submit]").HasAttribute("disabled"));
        // The summary says the field's label and the problem in words, never the config's key.
        var summary = cut.Find("[data-testid=f-problem-count]").TextContent;
        Assert.Contains("Epochs (epochs must be between 1 and 10000)", summary);
        Assert.DoesNotContain("vae.", summary);

        Input(cut, "f-epochs").Input("3");
        Assert.DoesNotContain("epochs must be", FieldText(cut, "f-epochs"));
        cut.Find("[data-testid=f-submit]").Click();
        Assert.Equal(3, Assert.Single(submitted).Vae.Epochs);
    }

    [Fact]
    public void AnInvalidCombinationIsExplainedAtTheInputField()
    {
        // The MLP-VAE cannot read a log-mel image: RunConfig says so, on the "input" field.
        var cut = Render(Presets.MlpVaeAudioConfig("demo", 0) with { Input = InputKind.LogMel });
        Assert.Contains("a log-mel image needs the Conv-VAE", FieldText(cut, "f-input"));
        Assert.True(cut.Find("[data-testid=f-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void TheModelsFieldsComeFromItsRegistryEntry()
    {
        // Hidden sizes are the MLP models' parameter, conv channels the Conv-VAE's (ModelTypes): each form shows its own.
        var mlp = Render(Presets.MlpVaeAudioConfig("demo", 0));
        Assert.NotEmpty(mlp.FindAll("[data-testid=f-hidden]"));
        Assert.Empty(mlp.FindAll("[data-testid=f-conv]"));
        var conv = Render(Presets.ByName(Presets.ConvVaeMelspec, "demo", 0));
        Assert.Empty(conv.FindAll("[data-testid=f-hidden]"));
        Assert.NotEmpty(conv.FindAll("[data-testid=f-conv]"));
    }

    [Fact]
    public void BadListsAndAMissingDatasetAreReportedOnTheirFields()
    {
        var cut = Render(Presets.MlpVaeAudioConfig("demo", 0));
        Input(cut, "f-hidden").Input("256, lots");
        // MudBlazor applies a typed value asynchronously: wait for it rather than read it in the same instant.
        cut.WaitForAssertion(() => Assert.Contains("whole numbers separated by commas", FieldText(cut, "f-hidden")), TimeSpan.FromSeconds(10));
        Input(cut, "f-hidden").Input("128 64");
        cut.WaitForAssertion(() => Assert.Equal([128, 64], cut.Instance.Current().Vae.Hidden), TimeSpan.FromSeconds(10));

        var other = Render(Presets.MlpVaeAudioConfig("/no/such/music", 0));
        Assert.Contains("does not exist", FieldText(other, "f-dataset"));
    }

    [Fact]
    public void AnImportedConfigFillsTheFormAndKeepsSettingsTheFormDoesNotShow()
    {
        var cut = Render(Presets.MlpVaeAudioConfig("demo", 0));
        var exported = Presets.MlpVaeAudioConfig("demo", 9) with { Vae = new VaeSettings { Epochs = 7, LatentDim = 8, Hidden = [64], GradientClip = 1.5 } };
        Input(cut, "f-import").Change(exported.ToJson());
        cut.Find("[data-testid=f-import-button]").Click();
        Assert.Equal("7", FieldValue(cut, "f-epochs"));
        Assert.Equal("9", FieldValue(cut, "f-seed"));
        Assert.Equal(exported.ToJson(), cut.Instance.Current().ToJson());

        Input(cut, "f-import").Change("{ \"preset\": \"mlp-vae-audio\", \"epochz\": 3 }");
        cut.Find("[data-testid=f-import-button]").Click();
        Assert.Contains("epochz", cut.Find("[data-testid=f-import-message]").TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void EveryProblemOfAnInvalidConfigIsSaidUnderItsFieldOrByItsLabelNeverByItsKey()
    {
        var bad = Presets.MlpVaeAudioConfig("demo", 0) with
        {
            Clips = new MusicDashboard.Core.Audio.ClipPolicy(Seconds: 0, HopSeconds: -1, MinViews: 0),
            Mfcc = Presets.MlpVaeAudioConfig("demo", 0).Mfcc with { Pooling = MusicDashboard.Core.Features.MfccPooling.Mean },
            Input = InputKind.MfccHandcrafted,
            Vae = Presets.MlpVaeAudioConfig("demo", 0).Vae with { Epochs = 0, BatchSize = 0, Beta = -1 },
        };
        var cut = Render(bad);
        Assert.Contains("clip length must be more than 0 seconds", FieldText(cut, "f-clip-seconds"));
        Assert.Contains("clip hop must be more than 0 seconds", FieldText(cut, "f-clip-hop"));
        Assert.Contains("views per track must be between 1 and 64", FieldText(cut, "f-min-views"));
        Assert.Contains("choose pooling 'meanStd'", FieldText(cut, "f-pooling"));
        Assert.Contains("batch size must be between 1 and 65536", FieldText(cut, "f-batch"));
        var summary = cut.Find("[data-testid=f-problem-count]").TextContent;
        Assert.Contains("Clip hop seconds (clip hop must be more than 0 seconds)", summary);
        Assert.Contains("MFCC pooling (", summary);
        var shown = summary + string.Join(" ", cut.FindAll("[data-testid=f-unplaced]").Select(e => e.TextContent));
        foreach (var key in cut.Instance.Problems.Keys) Assert.DoesNotContain(key + ":", shown);
        Assert.DoesNotMatch(@"\b(vae|clips|mfcc|lyrics|clustering)\.[a-z]", shown);
    }

    [Fact]
    public void AnEmptyNameShowsTheNameTheRunWillGet()
    {
        var cut = _ctx.Render<RunForm>(p => p
            .Add(f => f.Initial, Presets.MlpVaeAudioConfig("demo", 4) with { Name = "" })
            .Add(f => f.CheckDataset, _ => null)
            .Add(f => f.DatasetName, d => d == "demo" ? "synthetic demo" : d));
        Assert.Contains("MLP-VAE (Audio) on synthetic demo, seed 4", FieldText(cut, "f-name"));
        Assert.Empty(cut.Instance.Problems);
        Assert.Equal("MLP-VAE (Audio) on synthetic demo, seed 4", cut.Instance.Current().Named("synthetic demo").Name);
    }

    [Theory]
    [InlineData("vae.epochs", "Epochs")]
    [InlineData("clips.minViews", "Views per track")]
    [InlineData("clustering.minClusterSize", "min_cluster_size")]
    [InlineData("vae.someNewSetting", "Some new setting")]
    [InlineData("device", "Device")]
    public void FieldLabelsAreWordsNotKeys(string field, string label) => Assert.Contains(label, RunForm.FieldLabel(field));

    [Fact]
    public void TheDeviceARunAsksForIsAFieldAndComesBackUnchanged()
    {
        var cut = Render(Presets.MlpVaeAudioConfig("demo", 5) with { Device = "cuda" });
        Assert.Contains("cuda", FieldText(cut, "f-device"));
        Assert.Equal("cuda", cut.Instance.Current().Device);
        Assert.Equal("any", Render(Presets.MlpVaeAudioConfig("demo", 5)).Instance.Current().Device);
    }
}
