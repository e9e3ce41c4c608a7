
namespace AutoGrad.Nn;

/// <summary>A fully connected layer: several neurons reading the same inputs.</summary>
public sealed class Layer : Module
{
    private readonly Neuron[] _neurons;

    /// <summary>Creates a layer of <paramref name="outputs"/> neurons with <paramref name="inputs"/> inputs each.</summary>
    /// <param name="inputs">Inputs per neuron; at least 1.</param>
    /// <param name="outputs">Neurons; at least 1.</param>
    /// <param name="activation">Every neuron's nonlinearity.</param>
    /// <param name="initialization">How the weights are drawn.</param>
    /// <param name="random">The seeded source of the weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public Layer(int inputs, int outputs, Activation activation, Initialization initialization, Random random)
    {
        if (inputs < 1 || outputs < 1)
        {
            throw new ArgumentOutOfRangeException(
                inputs < 1 ? nameof(inputs) : nameof(outputs), $"A layer needs at least 1 input and 1 output, but got {inputs} inputs and {outputs} outputs.");
        }

        double limit = initialization switch
        {
            Initialization.Xavier => Math.Sqrt(6.0 / (inputs + outputs)),
            Initialization.He => Math.Sqrt(6.0 / inputs),
            _ => 1.0,
        };
        _neurons = new Neuron[outputs];
        for (int j = 0; j < outputs; j++)
        {
            _neurons[j] = new Neuron(inputs, activation, limit, random);
        }
    }

    /// <summary>Inputs per neuron.</summary>
    public int InputCount => _neurons[0].InputCount;

    /// <summary>Neurons, so outputs.</summary>
    public int OutputCount => _neurons.Length;

    /// <summary>The neurons' nonlinearity.</summary>
    public Activation Activation => _neurons[0].Activation;

    /// <summary>Every neuron's output for the same inputs.</summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>.</param>
    /// <param name="scopeNeurons">Build each neuron inside a <see cref="Scope"/> "neuron j", for diagrams.</param>
    /// <exception cref="ArgumentException">The number of inputs is wrong.</exception>
    public Value[] Forward(IReadOnlyList<Value> inputs, bool scopeNeurons = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != InputCount)
        {
            throw new ArgumentException($"Layer expects {InputCount} inputs but got {inputs.Count}.", nameof(inputs));
        }

        var outputs = new Value[_neurons.Length];
        for (int j = 0; j < outputs.Length; j++)
        {
            using Scope? scope = scopeNeurons ? Scope.Enter($"neuron {j}") : null;
            outputs[j] = _neurons[j].Forward(inputs);
        }

        return outputs;
    }

    /// <summary>Each neuron's parameters, neuron by neuron.</summary>
    public override IReadOnlyList<Value> Parameters() => _neurons.SelectMany(n => n.Parameters()).ToArray();
}
