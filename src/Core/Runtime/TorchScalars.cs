using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// Numbers handed to libtorch without the race in TorchSharp 0.107's implicit conversions.
/// TorchSharp turns a number into a <see cref="Scalar"/> (a native object with a finaliser) and passes its handle to
/// libtorch without keeping the Scalar alive; the garbage collector's finaliser can then free it while libtorch still
/// reads it, which fails as "Expected false to be true ... toDouble" (or computes with garbage) at random after hours of
/// work. Some TorchSharp methods do it internally too: <c>add(Tensor)</c> and <c>add(Scalar)</c> (alpha = 1, so also the
/// <c>+</c> operator), <c>square()</c> (pow(2)) and its optim.Adam.
/// Rules for tensor code in this project: no number meets a tensor implicitly (use <c>using var s = x.ToScalar()</c> or a
/// scalar from here), add with <see cref="Plus(Tensor, Tensor)"/> instead of <c>+</c>, square as <c>x * x</c>, Adam is
/// MusicDashboard.Training.Models.AdamOptimizer. tests/*/FinaliserStressTests check the feature, training and Whisper
/// paths under forced finalisation.
/// </summary>
public static class TorchScalars
{
    // Held by static fields for the life of the process: never collected, so never finalised mid-call. Lazy (thread-safe,
    // created once) because creating a Scalar needs libtorch loaded (TorchRuntime's fix runs first).
    private static readonly Lazy<Scalar> LazyOne = new(() => { _ = TorchRuntime.Device; return 1.ToScalar(); });

    /// <summary>The number 1 as a Scalar that lives as long as the process.</summary>
    public static Scalar One => LazyOne.Value;

    /// <summary>a + b (tensor), with a long-lived alpha instead of TorchSharp's implicit one.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a + s, with a long-lived alpha; <paramref name="s"/> must itself be kept alive by the caller.</summary>
    public static Tensor Plus(this Tensor a, Scalar s) => a.add(s, One);
}
