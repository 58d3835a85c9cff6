using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Models;

/// <summary>The study's Conv-VAE: strided convolutions over the 1 x n_mels x frames log-mel image.</summary>
public sealed class ConvVaeType : IModelType
{
    public const string ModelId = "convVae";
    public string Id => ModelId;
    public string Name => "Conv-VAE";
    public string Title => "Conv-VAE";
    public bool ReadsImages => true;
    public bool UsesLyrics => false;
    public IReadOnlyList<ModelParameter> Parameters { get; } =
    [
        new("vae.convChannels", "Conv channels", "channels of the strided convolutions, first to last (the decoder mirrors them)",
            "32,64,128,256", "1-4096 each, at least one"),
        new("vae.reconstruction", "Reconstruction loss", "mse on globally standardised images, or bernoulli on images min-max scaled to [0, 1]",
            "mse", "mse | bernoulli"),
    ];
    public string RowLabel(RunConfig config, IInputFeature input) => "Conv-VAE";
    public IEnumerable<(string Field, string Message)> Problems(RunConfig config, IInputFeature input) => [];
    public VaeModel Build(RunConfig config, TrainingSet data) =>
        new ConvVae((int)data.SampleShape[1], (int)data.SampleShape[2], config.Vae.ConvChannels, config.Vae.LatentDim);
}
