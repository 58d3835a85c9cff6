namespace MusicDashboard.Core.Audio;

/// <summary>What one <see cref="FuzzCase"/> did: decoded (to <see cref="Samples"/> samples) or refused with
/// <see cref="Refusal"/> (an <see cref="AudioDecodeException"/>'s message), or — a bug — <see cref="Failure"/> (any other
/// exception, or a refusal that only the decoders' last-resort catch produced). <see cref="AllocatedBytes"/> is what the
/// decoding thread allocated, <see cref="AllocationBound"/> what it may.</summary>
public sealed record FuzzResult(FuzzCase Case, int? Samples, string? Refusal, string? Failure, long AllocatedBytes, long AllocationBound, double Milliseconds)
{
    public bool Decoded => Samples is not null;
    public bool OverAllocated => AllocatedBytes > AllocationBound;
}
