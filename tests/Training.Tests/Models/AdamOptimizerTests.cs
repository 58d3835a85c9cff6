using System.Text.Json;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Tests.Shared;
using MusicDashboard.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>Our Adam against torch.optim.Adam (tests/fixtures/pytorch/make_adam_fixture.py): five steps with weight
/// decay and known gradients; and its state file: saved after two steps, loaded into a fresh optimizer, the rest of the
/// steps give the same parameters as without the break.</summary>
public sealed class AdamOptimizerTests
{
    private readonly JsonElement _fixture = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("pytorch/adam_reference.json"))).RootElement;

    public AdamOptimizerTests() => _ = TorchRuntime.Device;

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private Parameter[] Start() => _fixture.GetProperty("start").EnumerateArray()
        .Zip(_fixture.GetProperty("shapes").EnumerateArray())
        .Select(p => new Parameter(tensor(Floats(p.First), p.Second.EnumerateArray().Select(d => d.GetInt64()).ToArray())))
        .ToArray();

    private AdamOptimizer Optimizer(Parameter[] ps)
    {
        var s = _fixture.GetProperty("settings");
        var betas = s.GetProperty("betas");
        return new AdamOptimizer(ps, s.GetProperty("lr").GetDouble(), betas[0].GetDouble(), betas[1].GetDouble(),
            s.GetProperty("eps").GetDouble(), s.GetProperty("weight_decay").GetDouble());
    }

    private void Step(AdamOptimizer adam, Parameter[] ps, int t)
    {
        adam.ZeroGrad();
        var grads = _fixture.GetProperty("grads")[t].EnumerateArray().Select(Floats).ToArray();
        using (var scope = NewDisposeScope())
        {
            var loss = ps.Select((p, i) => (p * tensor(grads[i], p.shape)).sum()).Aggregate((a, b) => a.Plus(b));
            loss.backward();
        }
        adam.Step();
    }

    private void AssertMatches(Parameter[] ps, int t)
    {
        var expected = _fixture.GetProperty("after")[t].EnumerateArray().Select(Floats).ToArray();
        for (var i = 0; i < ps.Length; i++)
        {
            var actual = ps[i].detach().data<float>().ToArray();
            for (var k = 0; k < actual.Length; k++) Assert.True(Math.Abs(actual[k] - expected[i][k]) < 2e-6, $"step {t + 1}, parameter {i}[{k}]: {actual[k]} vs PyTorch {expected[i][k]}");
        }
    }

    [Fact]
    public void Five_steps_match_torch_optim_Adam()
    {
        var ps = Start();
        using var adam = Optimizer(ps);
        for (var t = 0; t < 5; t++)
        {
            Step(adam, ps, t);
            AssertMatches(ps, t);
        }
        Assert.Equal(5, adam.Steps);
    }

    [Fact]
    public void Saved_state_continues_exactly()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("musicdash-adam-").FullName, "adam.bin");
        var ps = Start();
        using (var first = Optimizer(ps))
        {
            Step(first, ps, 0);
            Step(first, ps, 1);
            first.Save(path);
        }
        using var resumed = Optimizer(ps);
        resumed.Load(path);
        Assert.Equal(2, resumed.Steps);
        for (var t = 2; t < 5; t++) Step(resumed, ps, t);
        AssertMatches(ps, 4);
    }

    [Fact]
    public void Loading_a_file_of_other_parameters_or_not_an_Adam_state_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("musicdash-adam-").FullName;
        var path = Path.Combine(folder, "adam.bin");
        using (var adam = Optimizer(Start())) adam.Save(path);
        using var other = new AdamOptimizer([new Parameter(zeros(2))]);
        Assert.Contains("parameters", Assert.Throws<ArgumentException>(() => other.Load(path)).Message);
        var junk = Path.Combine(folder, "junk.bin");
        File.WriteAllText(junk, "hello");
        Assert.Contains("not an Adam state", Assert.Throws<ArgumentException>(() => other.Load(junk)).Message);
    }
}
