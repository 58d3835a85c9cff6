namespace MusicDashboard.Core.Tests.Runtime;

using MusicDashboard.Core.Runtime;

public sealed class DeviceKindsTests
{
    [Theory]
    [InlineData(null, null, "cpu")]
    [InlineData("", null, "cpu")]
    [InlineData("any", null, "cpu")]
    [InlineData(" ANY ", null, "cpu")]
    [InlineData("cpu", "cpu", "cpu")]
    [InlineData("CUDA", "cuda", "cuda")]
    public void AKindIsStoredAndQueuedAsAWorkerServesIt(string? asked, string? stored, string queue)
    {
        Assert.Null(DeviceKinds.Problem(asked));
        Assert.Equal(stored, DeviceKinds.Normalise(asked));
        Assert.Equal(queue, DeviceKinds.QueueOf(asked));
    }

    [Fact]
    public void AnUnknownKindIsAProblemInWords_AndACudaWorkerServesCudaBeforeCpu()
    {
        Assert.Equal("device must be one of any, cpu, cuda, got 'tpu'", DeviceKinds.Problem("tpu"));
        Assert.Equal(["cuda", "cpu"], DeviceKinds.QueuesFor(hasCuda: true));
        Assert.Equal(["cpu"], DeviceKinds.QueuesFor(hasCuda: false));
    }
}
