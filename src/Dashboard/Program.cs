var d = MusicDashboard.Core.Runtime.TorchRuntime.Device;
Console.WriteLine(MusicDashboard.Core.Runtime.TorchRuntime.NativeFixReport);
var t = TorchSharp.torch.ones(3, requires_grad: true);
var s = (t * t).sum(); s.backward();
Console.WriteLine($"{d} {s.item<float>()} {t.grad!.sum().item<float>()}");
