using MusicDashboard.Core.Features;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Inputs;

/// <summary>Pooled MFCC (mean+std) concatenated with the GTZAN-57 hand-crafted set of the same clip (beyond the study: the
/// richest audio description the project computes per view). Its own raw row is the two sets side by side.</summary>
public sealed class MfccHandcraftedInput : IInputFeature
{
    public const string InputId = "mfccHandcrafted";
    public string Id => InputId;
    public string Title => "MFCC mean+std + GTZAN-57 hand-crafted set";
    public string Tag => "MFCC+GTZAN-57";
    public bool IsImage => false;
    public bool UsesLyrics => false;
    public bool ReadsAudio => true;

    public IEnumerable<(string Field, string Message)> Problems(RunConfig config)
    {
        if (config.Mfcc.Pooling != MfccPooling.MeanStd)
            yield return ("mfcc.pooling", "the MFCC + hand-crafted input reads MFCC mean and std: choose pooling 'meanStd'");
    }

    public IEnumerable<BaselineRow> Baselines(InputViews v)
    {
        var both = Vectors(v);
        return [.. InputRows.Audio(v), new("Raw MFCC mean+std & GTZAN-57", "MFCC mean+std + hand-crafted 57", both), .. InputRows.WithLyrics(v, both)];
    }

    public (TrainingSet Data, string Description) ModelInput(InputViews v, RunConfig config)
    {
        var both = Vectors(v);
        return (InputRows.Standardised(both), $"{both[0].Length}-d MFCC mean+std + GTZAN-57 vectors, standardised");
    }

    private static double[][] Vectors(InputViews v) => InputRows.Concat(v.Mfcc, v.Gtzan57!);
}
