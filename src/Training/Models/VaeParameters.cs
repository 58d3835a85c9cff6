namespace MusicDashboard.Training.Models;

/// <summary>The descriptors of the VAE settings more than one model reads (see <see cref="VaeSettings"/> for their meaning).</summary>
public static class VaeParameters
{
    public static ModelParameter Hidden { get; } = new("vae.hidden", "Hidden layers",
        "widths of the encoder's hidden layers, first to last (the decoder mirrors them)", "256,128", "1-8192 each, at least one");
}
