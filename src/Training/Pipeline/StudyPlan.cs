namespace MusicDashboard.Training.Pipeline;

/// <summary>What the whole study runs: which Table 1 presets, over which seeds, and whether scaled down for CI.</summary>
public sealed record StudyPlan(IReadOnlyList<string> Presets, IReadOnlyList<int> Seeds, bool Quick = false, int? Epochs = null)
{
    /// <summary>Epochs of a quick run: enough for the loss to move and the latent rows to be scored, seconds on a tiny corpus.</summary>
    public const int QuickEpochs = 2;

    /// <summary>The configuration of one preset at one seed, with the plan's overrides; its latent means are also clustered
    /// by the study's other method (<see cref="StudyReproduction.OtherClustering"/>), so the run itself holds both rows.</summary>
    public RunConfig Config(string preset, string dataset, int seed)
    {
        var c = Pipeline.Presets.ByName(preset, dataset, seed);
        var epochs = Epochs ?? (Quick ? QuickEpochs : c.Vae.Epochs);
        return c with { Vae = c.Vae with { Epochs = epochs }, AlsoCluster = [StudyReproduction.OtherClustering(c.Clustering)] };
    }

    /// <summary>Every run of the plan, seed by seed, presets in Table 1 order (what the dashboard queues).</summary>
    public IEnumerable<RunConfig> Configs(string dataset) => Seeds.SelectMany(seed => Presets.Select(p => Config(p, dataset, seed)));
}
