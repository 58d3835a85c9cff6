using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Models;

/// <summary>The study's MLP-VAE: any vector input, named after what it reads ("MLP-VAE (Audio)").</summary>
public sealed class MlpVaeType : IModelType
{
    public const string ModelId = "mlpVae";
    public string Id => ModelId;
    public string Name => "MLP-VAE";
    public string Title => "MLP-VAE";
    public bool ReadsImages => false;
    public bool UsesLyrics => false;
    public IReadOnlyList<ModelParameter> Parameters { get; } = [VaeParameters.Hidden];
    public string RowLabel(RunConfig config, IInputFeature input) => $"MLP-VAE ({input.Tag})";
    public IEnumerable<(string Field, string Message)> Problems(RunConfig config, IInputFeature input) => [];
    public VaeModel Build(RunConfig config, TrainingSet data) => new MlpVae((int)data.SampleShape[0], config.Vae.Hidden, config.Vae.LatentDim);
}
