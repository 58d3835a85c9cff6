using MusicDashboard.Core.Runtime;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>Who a worker is and what it runs on: what it writes on the runs it takes and shows in the Workers list.</summary>
public sealed record WorkerIdentity(string Name, string Device, bool HasCuda, int Concurrency, IReadOnlyList<string> Queues)
{
    /// <summary>This process: "host/pid", libtorch's device (CUDA when its CUDA build is installed and sees a GPU), and the
    /// CPU threads each run gets.</summary>
    public static WorkerIdentity OfThisProcess(string? name, int concurrency)
    {
        var hasCuda = TorchRuntime.Device.type == TorchSharp.DeviceType.CUDA;
        var device = hasCuda
            ? $"CUDA ({TorchSharp.torch.cuda.device_count()} GPU(s)) + {TorchRuntime.Threads} CPU thread(s)"
            : $"CPU, {TorchRuntime.Threads} thread(s) per run";
        return new WorkerIdentity(string.IsNullOrWhiteSpace(name) ? $"{Environment.MachineName}/{Environment.ProcessId}" : name.Trim(),
            device, hasCuda, concurrency, DeviceKinds.QueuesFor(hasCuda));
    }
}
