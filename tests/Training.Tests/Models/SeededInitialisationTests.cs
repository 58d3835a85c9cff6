using MusicDashboard.Core.Runtime;
using MusicDashboard.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Models;

[CollectionDefinition(nameof(SeededInitialisationTests), DisableParallelization = true)]
public sealed class SeededInitialisationCollection;

/// <summary>
/// Same seed, same initial weights, whatever other threads do with torch's global generator (the cause of the rare
/// drift FinaliserStressTests once had to tolerate), and the same numbers as before: seeding the global generator and
/// building on a quiet thread. The comparison with the global generator needs a quiet process: this collection runs alone.
/// </summary>
[Collection(nameof(SeededInitialisationTests))]
public sealed class SeededInitialisationTests
{
    public SeededInitialisationTests() => _ = TorchRuntime.Device;

    public static TheoryData<string> Models => new() { "mlp", "cvae", "conv" };

    private static VaeModel Build(string kind) => kind switch
    {
        "mlp" => new MlpVae(6, [8, 5], 3),
        "cvae" => new Cvae(6, 4, [8], 2),
        _ => new ConvVae(9, 11, [2, 3], 2),
    };

    private static float[] Weights(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Theory]
    [MemberData(nameof(Models))]
    public void Seeded_weights_equal_the_global_generator_seeded_alike(string kind)
    {
        torch.random.manual_seed(17);
        using var global = Build(kind);
        var expected = Weights(global);
        using var seeded = SeededInitialisation.Build(() => Build(kind), 17);
        Assert.Equal(expected, Weights(seeded));
        using var other = SeededInitialisation.Build(() => Build(kind), 18);
        Assert.NotEqual(expected, Weights(other));
    }

    [Fact]
    public void Weights_do_not_change_while_another_thread_draws_from_the_global_generator()
    {
        using var reference = SeededInitialisation.Build(() => Build("mlp"), 5);
        var expected = Weights(reference);
        using var stop = new CancellationTokenSource();
        var drawer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var layer = nn.Linear(64, 64);
            }
        }) { IsBackground = true };
        drawer.Start();
        var differing = 0;
        try
        {
            for (var i = 0; i < 200; i++)
            {
                using var model = SeededInitialisation.Build(() => Build("mlp"), 5);
                if (!Weights(model).SequenceEqual(expected)) differing++;
            }
        }
        finally
        {
            stop.Cancel();
            drawer.Join();
        }
        Assert.Equal(0, differing);
    }

    [Fact]
    public void A_layer_with_no_seeded_initialisation_is_refused()
    {
        using var model = nn.Sequential(("norm", nn.LayerNorm(4)));
        var error = Assert.Throws<NotSupportedException>(() => SeededInitialisation.Apply(model, 1));
        Assert.Contains("norm", error.Message);
    }
}
