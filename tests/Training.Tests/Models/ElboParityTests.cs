using System.Text.Json;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>
/// The models and the ELBO against PyTorch 1.13 (tests/fixtures/pytorch/make_elbo_fixture.py): the same weights, input and
/// reparameterisation noise give the same mu, log-variance, decoder output and loss terms, for MSE and Bernoulli.
/// </summary>
public class ElboParityTests
{
    private static JsonElement Case(string name)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("pytorch/elbo_reference.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
    }

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();
    private static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    /// <summary>TorchSharp names fields' modules after the field without its leading underscore, as PyTorch's attributes.</summary>
    private static void LoadWeights(VaeModel model, JsonElement c)
    {
        var reference = c.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var ours = model.named_parameters().ToList();
        Assert.Equal(reference.Keys.Order(), ours.Select(p => p.name.TrimStart('_').Replace("._", ".")).Order());
        using var _ = no_grad();
        foreach (var (name, p) in ours)
        {
            var r = reference[name.TrimStart('_').Replace("._", ".")];
            Assert.Equal(Longs(r.GetProperty("shape")), p.shape);
            p.copy_(tensor(Floats(r.GetProperty("values")), p.shape));
        }
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cvae")]
    [InlineData("conv")]
    public void LossTermsAndOutputsMatchPyTorch(string name)
    {
        _ = TorchRuntime.Device;
        var c = Case(name);
        using var model = name switch
        {
            "mlp" => (VaeModel)new MlpVae(5, [6, 4], 2),
            "cvae" => new Cvae(5, 2, [4], 3),
            _ => new ConvVae(9, 11, [2, 3], 2),
        };
        LoadWeights(model, c);
        using var scope = NewDisposeScope();
        var shape = Longs(c.GetProperty("x_shape"));
        var x = tensor(Floats(c.GetProperty("x")), shape);
        var eps = tensor(Floats(c.GetProperty("eps")), [shape[0], model.LatentDim]);
        var cond = c.GetProperty("c").ValueKind == JsonValueKind.Null ? null : tensor(Floats(c.GetProperty("c")), [shape[0], model.ConditionDim]);
        var beta = c.GetProperty("beta").GetDouble();
        foreach (var (kind, key) in new[] { (ReconstructionLoss.Mse, "mse"), (ReconstructionLoss.Bernoulli, "bernoulli") })
        {
            var r = c.GetProperty(key);
            var target = kind == ReconstructionLoss.Mse ? x : sigmoid(x);
            using var _ = no_grad();
            var output = model.Forward(target, cond, eps);
            var (total, recon, kl) = VaeLoss.Compute(output, target, beta, kind);
            Assert.Equal(Longs(r.GetProperty("out_shape")), output.Reconstruction.shape);
            AssertClose(Floats(r.GetProperty("mu")), output.Mu.data<float>().ToArray(), 1e-5);
            AssertClose(Floats(r.GetProperty("logvar")), output.LogVar.data<float>().ToArray(), 1e-5);
            AssertClose(Floats(r.GetProperty("out")), output.Reconstruction.contiguous().data<float>().ToArray(), 1e-5);
            Assert.Equal(r.GetProperty("recon").GetDouble(), recon.item<float>(), 1e-4 * Math.Max(1, Math.Abs(r.GetProperty("recon").GetDouble())));
            Assert.Equal(r.GetProperty("kl").GetDouble(), kl.item<float>(), 1e-5);
            Assert.Equal(r.GetProperty("total").GetDouble(), total.item<float>(), 1e-4 * Math.Max(1, Math.Abs(r.GetProperty("total").GetDouble())));
        }
    }

    private static void AssertClose(float[] expected, float[] actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i])), $"[{i}] expected {expected[i]}, got {actual[i]}");
    }
}
