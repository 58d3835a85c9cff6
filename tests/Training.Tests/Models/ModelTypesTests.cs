using System.Text.Json.Nodes;
using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>The model registry is what configs, validation, row names and the pipeline read.</summary>
public sealed class ModelTypesTests
{
    // A conv-vae-melspec config as the enum-based code before the registries wrote it (only the fields that matter here).
    private const string StoredConvConfig = """{ "preset": "conv-vae-melspec", "input": "logMel", "model": "convVae", "condition": "modality", "vae": { "latentDim": 32, "convChannels": [16, 32, 64, 128], "reconstruction": "bernoulli" } }""";

    [Fact]
    public void StoredConfigsKeepTheirIdsAndOtherCasingsLoadAsTheRegisteredId()
    {
        var stored = RunConfig.FromJson(StoredConvConfig);
        Assert.Equal(ModelKind.ConvVae, stored.Model);
        Assert.Equal(InputKind.LogMel, stored.Input);
        Assert.Empty(stored.Validate());
        var json = JsonNode.Parse(stored.ToJson())!;
        Assert.Equal("convVae", json["model"]!.GetValue<string>());
        Assert.Equal("logMel", json["input"]!.GetValue<string>());
        // Names as C# spelt the enum members, or as a user types them, find the same entry.
        var typed = RunConfig.FromJson(StoredConvConfig.Replace("\"convVae\"", "\"ConvVae\"").Replace("\"logMel\"", "\"LOGMEL\""));
        Assert.Equal((ModelKind.ConvVae, InputKind.LogMel), (typed.Model, typed.Input));
        Assert.Equal(["mlpVae", "convVae", "cvae"], ModelTypes.All.Select(m => m.Id));
    }

    [Fact]
    public void AnUnknownModelIsAProblemNamingTheAvailableOnes()
    {
        var config = new RunConfig { Model = "transformer" };
        var problem = Assert.Single(config.Problems(), p => p.Field == "model");
        Assert.Equal("unknown model 'transformer' (available: mlpVae, convVae, cvae)", problem.Message);
        Assert.Throws<ArgumentException>(() => ModelTypes.Get("transformer"));
    }

    [Fact]
    public void ImageModelsTakeImageInputsAndVectorModelsVectors()
    {
        foreach (var model in ModelTypes.All)
            foreach (var input in InputFeatures.All)
            {
                var config = new RunConfig { Model = model.Id, Input = input.Id } with
                {
                    Mfcc = new Core.Features.MfccSettings(Pooling: Core.Features.MfccPooling.MeanStd),
                };
                var inputProblems = config.Problems().Where(p => p.Field == "input").ToList();
                Assert.Equal(model.ReadsImages != input.IsImage, inputProblems.Count == 1);
                Assert.True(inputProblems.Count <= 1, $"{model.Id} on {input.Id}: {string.Join("; ", inputProblems)}");
            }
        Assert.Contains(new RunConfig { Model = ModelKind.ConvVae, Input = InputKind.Mfcc }.Problems(),
            p => p.Message == "the Conv-VAE reads the log-mel image: choose input 'logMel'");
        Assert.Contains(new RunConfig { Model = ModelKind.Cvae, Input = InputKind.LogMel }.Problems(),
            p => p.Message == "a log-mel image needs the Conv-VAE; the MLP-VAE and CVAE read vectors (MFCC, lyrics)");
    }

    [Theory]
    [InlineData("mlpVae", "mfcc", "MLP-VAE (Audio)")]
    [InlineData("mlpVae", "lyrics", "MLP-VAE (Lyrics)")]
    [InlineData("mlpVae", "mfccLyrics", "MLP-VAE (Audio+Lyrics)")]
    [InlineData("mlpVae", "mfccHandcrafted", "MLP-VAE (MFCC+GTZAN-57)")]
    [InlineData("convVae", "logMel", "Conv-VAE")]
    [InlineData("cvae", "lyrics", "CVAE (Lyrics)")]
    [InlineData("cvae", "mfcc", "CVAE (Fusion)")]
    [InlineData("cvae", "mfccLyrics", "CVAE (Fusion)")]
    public void RowsAreNamedAsInTable2(string model, string input, string label)
    {
        var config = new RunConfig { Model = model, Input = input };
        Assert.Equal(label, RunPipeline.ModelLabel(config));
        var trackConsistent = label.EndsWith(')') ? label[..^1] + ", track-consistent)" : label + " (track-consistent)";
        Assert.Equal(trackConsistent, RunPipeline.ModelLabel(config with { Vae = config.Vae with { TrackConsistency = 1 } }));
    }

    [Fact]
    public void EveryParameterAModelDeclaresIsAFieldOfTheRunConfig()
    {
        var json = JsonNode.Parse(new RunConfig().ToJson())!;
        foreach (var parameter in ModelTypes.All.SelectMany(m => m.Parameters))
        {
            var node = parameter.Key.Split('.').Aggregate((JsonNode?)json, (n, part) => n?[part]);
            Assert.True(node is not null, $"{parameter.Key} is not a run config field");
            Assert.False(string.IsNullOrWhiteSpace(parameter.Help));
        }
        Assert.Equal("conv-channels", ModelTypes.Get(ModelKind.ConvVae).Parameters[0].Option);
        Assert.Contains(ModelTypes.Get(ModelKind.Cvae).Parameters, p => p.Key == "condition");
        Assert.DoesNotContain(ModelTypes.Get(ModelKind.MlpVae).Parameters, p => p.Key == "condition");
    }

    [Fact]
    public void EachModelBuildsTheNetworkOfItsInputAndTrains()
    {
        var vae = new VaeSettings { LatentDim = 3, Hidden = [8], ConvChannels = [2, 4], Epochs = 1, BatchSize = 4, ProjectionEvery = 0, CheckpointEvery = 0 };
        var random = new Random(5);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var vectors = new TrainingSet(Values(8 * 6), 8, [6]);
        var images = new TrainingSet(Values(8 * 16 * 16), 8, [1, 16, 16]);
        var conditioned = vectors with { Conditions = Values(8 * 2), ConditionDim = 2 };
        foreach (var (model, data, network) in new[] { (ModelKind.MlpVae, vectors, "MlpVae 6-8-3"), (ModelKind.ConvVae, images, "ConvVae 1x16x16"), (ModelKind.Cvae, conditioned, "Cvae 6+c2-8-3") })
        {
            var config = new RunConfig { Model = model, Vae = vae };
            var result = VaeTrainer.Train(() => RunPipeline.BuildModel(config, data), data, vae, 1, null, CancellationToken.None);
            Assert.StartsWith(network, result.Model);
            Assert.Equal(8, result.LatentMeans.Length);
        }
    }
}
