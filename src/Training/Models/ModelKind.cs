namespace MusicDashboard.Training.Models;

/// <summary>Ids of the built-in models (<see cref="ModelTypes"/>), for code that names one; a new model needs no line here.</summary>
public static class ModelKind
{
    public const string MlpVae = MlpVaeType.ModelId;
    public const string ConvVae = ConvVaeType.ModelId;
    public const string Cvae = CvaeType.ModelId;
}
