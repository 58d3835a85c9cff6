namespace MusicDashboard.Core.Tests.Runtime;

using MusicDashboard.Core.Runtime;

public sealed class DeviceKindsTests
{
    [Theory]
    [InlineData(null, null, "default")]
    [InlineData("", null, "default")]
    [InlineData("any", null, "default")]
    [InlineData(" ANY ", null, "default")]
    [InlineData("cpu", "cpu", "default")]
    [InlineData("CUDA", "cuda", "cuda")]
    public void AKindIsStoredAndQueuedAsAWorkerServesIt(string? asked, string? stored, string queue)
    {
        Assert.Null(DeviceKinds.Problem(asked));
        Assert.Equal(stored, DeviceKinds.Normalise(asked));
        Assert.Equal(queue, DeviceKinds.QueueOf(asked));
    }

    [Fact]
    public void AnUnknownKindIsAProblemInWords_AndACudaWorkerServesCudaBeforeTheDefaultQueue()
    {
        Assert.Equal("device must be one of any, cpu, cuda, got 'tpu'", DeviceKinds.Problem("tpu"));
        Assert.Equal(["cuda", "default"], DeviceKinds.QueuesFor(hasCuda: true));
        Assert.Equal(["default"], DeviceKinds.QueuesFor(hasCuda: false));
        // Hangfire.PostgreSql takes a worker's queues in alphabetical order: cuda must come first that way too.
        Assert.Equal(DeviceKinds.QueuesFor(hasCuda: true), DeviceKinds.QueuesFor(hasCuda: true).Order(StringComparer.Ordinal));
    }
}
