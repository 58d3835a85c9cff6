using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicDashboard.Training.Models;

/// <summary>
/// Variational autoencoder over feature vectors (pooled MFCCs, lyric vectors, or both): a ReLU MLP encoder to the mean and
/// log-variance of q(z|x), and a mirrored MLP decoder. With a condition width above 0 it is the Conditional VAE: the
/// condition vector is concatenated to the encoder's input and to the latent sample the decoder reads (Sohn et al. 2015).
/// </summary>
public class MlpVae : VaeModel
{
    private readonly Sequential _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Sequential _decoder;
    private readonly int[] _hidden;

    public int InputDim { get; }
    public override int LatentDim { get; }
    public override int ConditionDim { get; }
    public override long[] SampleShape => [InputDim];

    public MlpVae(int inputDim, IReadOnlyList<int> hidden, int latentDim, int conditionDim = 0) : this(nameof(MlpVae), inputDim, hidden, latentDim, conditionDim) { }

    protected MlpVae(string name, int inputDim, IReadOnlyList<int> hidden, int latentDim, int conditionDim) : base(name)
    {
        if (inputDim <= 0 || latentDim <= 0 || conditionDim < 0 || hidden.Count == 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException("input, latent and every hidden size must be positive, with at least one hidden layer");
        InputDim = inputDim;
        LatentDim = latentDim;
        ConditionDim = conditionDim;
        _hidden = hidden.ToArray();

        var enc = new List<(string, Module<Tensor, Tensor>)>();
        var width = inputDim + conditionDim;
        for (var i = 0; i < hidden.Count; i++)
        {
            enc.Add(($"fc{i}", Linear(width, hidden[i])));
            enc.Add(($"act{i}", ReLU()));
            width = hidden[i];
        }
        _encoder = Sequential(enc);
        _mu = Linear(width, latentDim);
        _logVar = Linear(width, latentDim);

        var dec = new List<(string, Module<Tensor, Tensor>)>();
        width = latentDim + conditionDim;
        for (var i = hidden.Count - 1; i >= 0; i--)
        {
            dec.Add(($"fc{i}", Linear(width, hidden[i])));
            dec.Add(($"act{i}", ReLU()));
            width = hidden[i];
        }
        dec.Add(("out", Linear(width, inputDim)));
        _decoder = Sequential(dec);

        RegisterComponents();
    }

    public override string Describe() =>
        $"{GetName()} {InputDim}{(ConditionDim > 0 ? $"+c{ConditionDim}" : "")}-{string.Join("-", _hidden)}-{LatentDim}";

    public override (Tensor Mu, Tensor LogVar) Encode(Tensor x, Tensor? condition)
    {
        CheckCondition(condition);
        var h = _encoder.forward(condition is null ? x : cat([x, condition], 1));
        return (_mu.forward(h), _logVar.forward(h));
    }

    public override Tensor Decode(Tensor z, Tensor? condition)
    {
        CheckCondition(condition);
        return _decoder.forward(condition is null ? z : cat([z, condition], 1));
    }
}
