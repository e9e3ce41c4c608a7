using AutoGrad.Compilation;
using AutoGrad.Nn;

namespace AutoGrad.Tests;

/// <summary>
/// Hostile use of the lone backward walk's shortcuts through the public API (layers and networks,
/// whose Dot nodes keep shared arrays): every value and gradient bit for bit as the same network built
/// from public Dots (<see cref="Layer.WeightedSums"/> and <see cref="Layer.Activate"/>, which copy
/// their arrays), as the chain rule by hand in reverse topological order, and as the compiled replay.
/// </summary>
public class LoneWalkAttackTests
{
    private static readonly Activation[] Plain =
        [Activation.Linear, Activation.Tanh, Activation.Sigmoid, Activation.Relu, Activation.LeakyRelu, Activation.Prelu, Activation.Elu];

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>The network's outputs through <c>Mlp.Forward</c> (kept arrays) or its layers' WeightedSums and Activate (public Dots).</summary>
    private static Value[] Through(Mlp mlp, Value[] inputs, bool kept)
    {
        if (kept)
        {
            return mlp.Forward(inputs);
        }

        Value[] acts = inputs;
        foreach (Layer layer in mlp.Layers)
        {
            acts = layer.Activate(layer.WeightedSums(acts));
        }

        return acts;
    }

    /// <summary>
    /// The layers' loss and every parameter's, leaf's, input's and hidden unit's gradient, as bits, with the
    /// layers chained by <see cref="Layer.Forward"/> (kept arrays) or by WeightedSums and Activate (public Dots).
    /// </summary>
    private static (long Loss, long[] Grads) LayersRun(Layer[] layers, Value[] parameters, Func<(Value[] Leaves, Value[] Inputs)> makeInputs, bool kept)
    {
        foreach (Value p in parameters)
        {
            p.Grad = 0;
        }

        (Value[] leaves, Value[] inputs) = makeInputs();
        var hidden = new List<Value>();
        Value[] acts = inputs;
        foreach (Layer layer in layers)
        {
            acts = kept ? layer.Forward(acts) : layer.Activate(layer.WeightedSums(acts));
            hidden.AddRange(acts);
        }

        Value loss = LossOf(acts);
        loss.Backward();
        return (Bits(loss.Data), [.. parameters.Concat(leaves).Concat(inputs).Concat(hidden).Select(v => Bits(v.Grad))]);
    }

    /// <summary>Inputs as the hostile caller gives them: some leaves, some results of those leaves, some the same value twice.</summary>
    private static (Value[] Leaves, Value[] Inputs) MixedInputs(Random random, int count, int mode)
    {
        Value[] leaves = Enumerable.Range(0, count).Select(i => new Value(random.NextDouble() * 4 - 2, $"x{i}")).ToArray();
        Value[] inputs = new Value[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = mode switch
            {
                0 => leaves[i],                                           // all leaves
                1 => (leaves[i] * 1.5).Tanh(),                            // all results (one-loop path from the first layer)
                2 => i % 2 == 0 ? leaves[i] : leaves[i] * leaves[0],      // partly leaves, partly results
                _ => i > 0 ? inputs[i - 1] : leaves[0] * 2.0,             // all results, the same one repeated
            };
        }

        return (leaves, inputs);
    }

    /// <summary>A loss over every output with weights that are not all the same, so every output's gradient differs.</summary>
    private static Value LossOf(IReadOnlyList<Value> outputs)
    {
        Value loss = outputs[0] * outputs[0];
        for (int j = 1; j < outputs.Count; j++)
        {
            loss = loss + (outputs[j] * (0.25 * j + 0.5)).Tanh();
        }

        return loss;
    }

    private static IEnumerable<(int Seed, Activation Activation, int Mode)> Cases()
    {
        int seed = 0;
        foreach (Activation activation in Plain)
        {
            for (int mode = 0; mode < 4; mode++)
            {
                yield return (seed++, activation, mode);
            }
        }
    }

    /// <summary>
    /// Layers chained by <see cref="Layer.Forward"/> (kept arrays; the hidden layers' arrays hold no
    /// leaf) against the same layers chained by WeightedSums and Activate (public Dots): the loss, every
    /// parameter's and input's gradient and every hidden unit's gradient, bit for bit.
    /// </summary>
    [Fact]
    public void LayersChainedByForward_GiveTheBitsOfTheSameLayersBuiltFromPublicDots()
    {
        foreach ((int seed, Activation activation, int mode) in Cases())
        {
            var random = new Random(seed);
            Layer[] layers = [new Layer(4, 5, activation, Initialization.Xavier, random), new Layer(5, 5, activation, Initialization.Xavier, random), new Layer(5, 3, activation, Initialization.Xavier, random)];
            Value[] parameters = [.. layers.SelectMany(l => l.Parameters)];

            (long Loss, long[] Grads) Run(bool kept) => LayersRun(layers, parameters, () => MixedInputs(new Random(seed * 7 + 1), 4, mode), kept);

            (long keptLoss, long[] keptGrads) = Run(kept: true);
            (long publicLoss, long[] publicGrads) = Run(kept: false);
            Assert.True(publicLoss == keptLoss, $"seed {seed}, {activation}, mode {mode}: loss bits differ");
            Assert.True(publicGrads.SequenceEqual(keptGrads), $"seed {seed}, {activation}, mode {mode}: first differing gradient at {Enumerable.Range(0, keptGrads.Length).FirstOrDefault(i => keptGrads[i] != publicGrads[i])}");
            Assert.Contains(keptGrads, g => g != 0);
        }
    }

    /// <summary>
    /// An <see cref="Mlp"/>'s graph (its hidden layers' Dots keep the arrays of the layer before): every
    /// gradient bit for bit as the chain rule by hand in the reverse of <see cref="Value.TopologicalOrder"/>
    /// (<see cref="Value.GetLocalGradient"/> of each node), and as the compiled replay, interpreted and generated.
    /// </summary>
    [Fact]
    public void MlpGraph_GivesTheChainRuleByHandAndTheCompiledReplay()
    {
        foreach ((int seed, Activation activation, int mode) in Cases())
        {
            var mlp = new Mlp(4, [6, 6, 6, 2], new MlpOptions { HiddenActivation = activation, Seed = seed, Initialization = Initialization.Xavier });
            (Value[] leaves, Value[] inputs) = MixedInputs(new Random(seed), 4, mode);
            Value loss;
            using (Scope? scope = seed % 2 == 0 ? Scope.Enter("net") : null)
            {
                loss = LossOf(mlp.Forward(inputs)); // every other graph built in a scope (each node's extras beside its flags)
            }

            // The order taken before the walk: a walk that left a count behind would cut a later order short.
            IReadOnlyList<Value> order = loss.TopologicalOrder();
            loss.Backward();
            Assert.Equal(order, loss.TopologicalOrder());
            long[] walked = [.. order.Select(v => Bits(v.Grad))];
            var grads = new Dictionary<Value, double>(ReferenceEqualityComparer.Instance) { [loss] = 1 };
            for (int i = order.Count - 1; i >= 0; i--)
            {
                Value node = order[i];
                double grad = grads.GetValueOrDefault(node);
                for (int k = 0; k < node.InputCount; k++)
                {
                    Value input = node.GetInput(k);
                    grads[input] = grads.GetValueOrDefault(input) + node.GetLocalGradient(k) * grad;
                }
            }

            long[] byHand = [.. order.Select(v => Bits(grads.GetValueOrDefault(v)))];
            Assert.True(byHand.SequenceEqual(walked), $"seed {seed}, {activation}, mode {mode}: node {Enumerable.Range(0, walked.Length).FirstOrDefault(i => walked[i] != byHand[i])} of {walked.Length} differs from the chain rule by hand");

            // The compiled replays add to Grad as Backward does: each leaf's Grad zeroed first, then compared with the walk's.
            IReadOnlyList<Value> graphLeaves = CompiledGraph.Compile(loss, ReplayMode.Interpreted).Leaves;
            long[] dynamic = [.. graphLeaves.Select(v => Bits(v.Grad))];
            foreach (ReplayMode replay in new[] { ReplayMode.Interpreted, ReplayMode.Generated })
            {
                CompiledGraph compiled = CompiledGraph.Compile(loss, replay);
                foreach (Value leaf in graphLeaves)
                {
                    leaf.Grad = 0;
                }

                Assert.Equal(Bits(loss.Data), Bits(compiled.Evaluate()));
                long[] replayed = [.. graphLeaves.Select(v => Bits(v.Grad))];
                Assert.True(dynamic.SequenceEqual(replayed), $"seed {seed}, {activation}, mode {mode}, {replay}: leaf {Enumerable.Range(0, dynamic.Length).FirstOrDefault(i => dynamic[i] != replayed[i])} differs from the walk");
            }

            // The batched replay at this one point: the output and every leaf's gradient.
            Value[] readLeaves = [.. leaves.Where(x => graphLeaves.Contains(x))];
            BatchedReplay batch = CompiledGraph.Compile(loss, ReplayMode.Interpreted).Batch(readLeaves, gradientsOf: graphLeaves);
            var output = new double[1];
            var gradients = new double[graphLeaves.Count];
            batch.Evaluate([.. readLeaves.Select(x => x.Data)], output, gradients);
            Assert.Equal(Bits(loss.Data), Bits(output[0]));
            Assert.True(dynamic.SequenceEqual(gradients.Select(g => Bits(0.0 + g))), $"seed {seed}, {activation}, mode {mode}: batched gradient {Enumerable.Range(0, dynamic.Length).FirstOrDefault(i => dynamic[i] != Bits(0.0 + gradients[i]))} differs from the walk");
            Assert.Contains(leaves, x => x.Grad != 0);
        }
    }

    /// <summary>
    /// A layer fed its own weights (leaves that are also the Dot's first array), results of its own
    /// weights (a weight reaching the loss through the Dot and through an input), and its own outputs
    /// (the same layer twice, the second time over results only): gradients bit for bit as the same
    /// built from public Dots.
    /// </summary>
    [Fact]
    public void LayerFedItsOwnWeightsAndOutputs_GivesTheBitsOfPublicDots()
    {
        foreach (Activation activation in Plain)
        {
            var layer = new Layer(3, 3, activation, Initialization.Uniform, new Random(11));
            Value[] p = [.. layer.Parameters];
            Value[] w0 = [p[0], p[1], p[2]]; // neuron 0's weights

            long[] Run(Func<IReadOnlyList<Value>, Value[]> forward)
            {
                foreach (Value v in p)
                {
                    v.Grad = 0;
                }

                var x = new Value(0.7, "x");
                Value[] first = forward(w0);                                      // the weights as inputs
                Value[] second = forward([w0[0] * 2.0, (w0[1] + x).Tanh(), first[2]]); // results of its weights
                Value[] third = forward(second);                                   // its own outputs
                Value[] fourth = forward([third[1], third[1], third[1]]);          // one result three times
                Value loss = LossOf([.. first, .. second, .. third, .. fourth]);
                loss.Backward();
                return [.. p.Append(x).Concat(first).Concat(second).Concat(third).Concat(fourth).Select(v => Bits(v.Grad))];
            }

            long[] kept = Run(layer.Forward);
            long[] byPublicDots = Run(inputs => layer.Activate(layer.WeightedSums(inputs)));
            Assert.True(byPublicDots.SequenceEqual(kept), $"{activation}: gradient {Enumerable.Range(0, kept.Length).FirstOrDefault(i => kept[i] != byPublicDots[i])} differs");
        }
    }

    /// <summary>
    /// Backward twice on one graph adds each leaf's gradient twice (g + g, exactly 2g) and sets every
    /// hidden node's again; ZeroGrad between passes gives the first pass's bits again; Backward on an
    /// inner node (a hidden unit) gives what the public-Dot graph gives from its own inner node.
    /// </summary>
    [Fact]
    public void BackwardTwice_ZeroGradBetween_AndBackwardOnAnInnerNode_KeepTheBits()
    {
        foreach ((int seed, Activation activation, int mode) in Cases())
        {
            var random = new Random(seed);
            Layer[] layers = [new Layer(4, 4, activation, Initialization.He, random), new Layer(4, 4, activation, Initialization.He, random), new Layer(4, 2, activation, Initialization.He, random)];
            Value[] parameters = [.. layers.SelectMany(l => l.Parameters)];

            (Value Loss, Value Inner, Value[] Hidden, Value[] Leaves) Build(bool kept)
            {
                (Value[] leaves, Value[] inputs) = MixedInputs(new Random(seed), 4, mode);
                var hidden = new List<Value>();
                Value[] acts = inputs;
                foreach (Layer layer in layers)
                {
                    acts = kept ? layer.Forward(acts) : layer.Activate(layer.WeightedSums(acts));
                    hidden.AddRange(acts);
                }

                return (LossOf(acts), hidden[5], [.. hidden], leaves);
            }

            long[] Snapshot(Value[] hidden, Value[] leaves) => [.. parameters.Concat(leaves).Concat(hidden).Select(v => Bits(v.Grad))];
            void Zero()
            {
                foreach (Value v in parameters)
                {
                    v.Grad = 0;
                }
            }

            Zero();
            (Value loss, Value inner, Value[] hidden, Value[] leaves) = Build(kept: true);
            loss.Backward();
            long[] once = Snapshot(hidden, leaves);
            loss.Backward();
            long[] twice = Snapshot(hidden, leaves);
            long[] expectedTwice = [.. once.Take(parameters.Length + leaves.Length).Select(g => Bits(2 * BitConverter.Int64BitsToDouble(g))), .. once.Skip(parameters.Length + leaves.Length)];
            Assert.Equal(expectedTwice, twice);

            loss.ZeroGrad();
            loss.Backward();
            Assert.Equal(once, Snapshot(hidden, leaves));

            Zero();
            foreach (Value leaf in leaves)
            {
                leaf.Grad = 0;
            }

            inner.Backward();
            long[] innerKept = [.. parameters.Concat(leaves).Select(v => Bits(v.Grad))];

            Zero();
            (_, Value innerPublic, _, Value[] leavesPublic) = Build(kept: false);
            innerPublic.Backward();
            long[] innerByPublicDots = [.. parameters.Concat(leavesPublic).Select(v => Bits(v.Grad))];
            Assert.True(innerByPublicDots.SequenceEqual(innerKept), $"seed {seed}, {activation}, mode {mode}: inner backward differs");
        }
    }

    /// <summary>
    /// Gradients as graphs (createGraph: true) through an Mlp's Dots: their values bit for bit the
    /// backward pass's, and the second derivative ∂²loss/∂x₀² equal to the public-Dot network's.
    /// </summary>
    [Fact]
    public void GradientGraphsThroughMlpDots_GiveTheBackwardPassesBitsAndThePublicDotsSecondDerivative()
    {
        foreach ((int seed, Activation activation, int mode) in Cases())
        {
            var mlp = new Mlp(3, [4, 4, 1], new MlpOptions { HiddenActivation = activation, Seed = seed });
            Value[] parameters = [.. mlp.Parameters];

            (Value[] Numbers, Value Second) Run(bool kept)
            {
                (Value[] leaves, Value[] inputs) = MixedInputs(new Random(seed), 3, mode);
                Value[] acts = Through(mlp, inputs, kept);

                Value loss = LossOf(acts);
                Value[] graphs = Value.Gradients(loss, [.. parameters, .. leaves], createGraph: true);
                Value second = Value.Gradients(graphs[parameters.Length], [leaves[0]])[0];
                foreach (Value v in parameters.Concat(leaves))
                {
                    v.Grad = 0;
                }

                loss.Backward();
                for (int i = 0; i < graphs.Length; i++)
                {
                    Value v = i < parameters.Length ? parameters[i] : leaves[i - parameters.Length];
                    // Grad is 0 plus the pass's sum, so a gradient of −0 reads +0 there.
                    Assert.True(Bits(v.Grad) == Bits(0.0 + graphs[i].Data), $"seed {seed}, {activation}, mode {mode}, kept {kept}: gradient {i} {v.Grad} vs graph {graphs[i].Data}");
                }

                return (graphs, second);
            }

            (Value[] keptGraphs, Value keptSecond) = Run(kept: true);
            (Value[] publicGraphs, Value publicSecond) = Run(kept: false);
            Assert.Equal(publicGraphs.Select(g => Bits(g.Data)), keptGraphs.Select(g => Bits(g.Data)));
            Assert.Equal(Bits(publicSecond.Data), Bits(keptSecond.Data));
        }
    }

    /// <summary>
    /// NaN and ±∞ among a network's inputs (through the hidden layers' kept path, whose checks are
    /// skipped): the output and every gradient bit for bit the public-Dot network's (NaN where it is
    /// NaN), and never silently finite where a NaN went in.
    /// </summary>
    [Fact]
    public void NonFiniteInputsThroughMlp_GiveThePublicDotsBits_AndNaNIsNeverSilent()
    {
        double[] bad = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, 0.0, -0.0];
        int seed = 0;
        foreach (Activation activation in Plain)
        {
            foreach (double x0 in bad)
            {
                var mlp = new Mlp(3, [4, 4, 2], new MlpOptions { HiddenActivation = activation, Seed = seed++ });
                Value[] parameters = [.. mlp.Parameters];

                (long Loss, long[] Grads) Run(bool kept)
                {
                    foreach (Value v in parameters)
                    {
                        v.Grad = 0;
                    }

                    Value[] inputs = [new Value(x0), (new Value(0.3) * 2.0).Tanh(), new Value(-1.25)];
                    Value[] acts = Through(mlp, inputs, kept);

                    Value loss = LossOf(acts);
                    loss.Backward();
                    return (Bits(loss.Data), [.. parameters.Concat(inputs).Select(v => Bits(v.Grad))]);
                }

                (long keptLoss, long[] keptGrads) = Run(kept: true);
                (long publicLoss, long[] publicGrads) = Run(kept: false);
                Assert.True(publicLoss == keptLoss, $"{activation}, x0 = {x0}: loss {BitConverter.Int64BitsToDouble(keptLoss)} vs {BitConverter.Int64BitsToDouble(publicLoss)}");
                Assert.True(publicGrads.SequenceEqual(keptGrads), $"{activation}, x0 = {x0}: gradient {Enumerable.Range(0, keptGrads.Length).FirstOrDefault(i => keptGrads[i] != publicGrads[i])} differs");
                if (double.IsNaN(x0))
                {
                    Assert.True(double.IsNaN(BitConverter.Int64BitsToDouble(keptLoss)), $"{activation}: NaN in, loss {BitConverter.Int64BitsToDouble(keptLoss)} out");
                }
            }
        }
    }

    /// <summary>
    /// Under <see cref="Anomaly.Detect"/>, a NaN input to an Mlp is stopped where the graph is built,
    /// with an <see cref="AnomalyException"/> naming a node; and a network that builds but whose backward
    /// pass meets ∞ · 0 (an ∞ input after a weight set to 0 once built) is stopped in Backward, adding nothing to any weight.
    /// </summary>
    [Fact]
    public void AnomalyDetectionThroughMlp_StopsAtTheBadNode_AndAddsNothing()
    {
        var mlp = new Mlp(2, [3, 3, 1], new MlpOptions { HiddenActivation = Activation.Tanh, Seed = 5 });
        using (Anomaly.Detect())
        {
            AnomalyException built = Assert.Throws<AnomalyException>(() => mlp.Forward([new Value(double.NaN), new Value(1)]));
            Assert.NotNull(built.Node);
        }

        // Built without detection: a hidden unit's gradient made NaN by an input set to NaN afterwards.
        Value[] inputs = [new Value(0.5), new Value(1)];
        Value loss = LossOf(mlp.Forward(inputs));
        inputs[0].Data = double.NaN;
        foreach (Value v in mlp.Parameters)
        {
            v.Grad = 0;
        }

        using (Anomaly.Detect())
        {
            // The stale node (its input set after it was built) is refused, naming Backward.
            InvalidOperationException stale = Assert.Throws<InvalidOperationException>(() => loss.Backward());
            Assert.Contains("Backward", stale.Message);
        }

        Assert.All(mlp.Parameters, v => Assert.Equal(0, v.Grad));

        // And the walk left nothing behind: the same graph, its input restored, walks as a fresh one does.
        inputs[0].Data = 0.5;
        loss.Backward();
        long[] again = [.. mlp.Parameters.Select(v => Bits(v.Grad))];
        foreach (Value v in mlp.Parameters)
        {
            v.Grad = 0;
        }

        LossOf(mlp.Forward([new Value(0.5), new Value(1)])).Backward();
        Assert.Equal([.. mlp.Parameters.Select(v => Bits(v.Grad))], again);
    }

    /// <summary>
    /// Two threads each walk back their own graphs of one shared Mlp (whose parameters both pass add
    /// to) while a third builds graphs of the same Mlp and labels their nodes: each parameter's gradient
    /// is exactly the two passes' sum (0 + a + b, in either order the same bits), every time.
    /// </summary>
    [Fact]
    public void TwoThreadsWalking_AThirdBuilding_OverSharedParameters_AddEveryPassExactly()
    {
        var mlp = new Mlp(4, [8, 8, 3], new MlpOptions { HiddenActivation = Activation.Tanh, Seed = 3 });
        Value[] parameters = [.. mlp.Parameters];

        Value GraphAt(int thread, int iteration)
        {
            var random = new Random((thread * 1000) + iteration);
            (_, Value[] inputs) = MixedInputs(random, 4, iteration % 4);
            return LossOf(mlp.Forward(inputs));
        }

        // Each pass's share alone, one at a time.
        const int Rounds = 150;
        var expected = new long[Rounds][];
        for (int r = 0; r < Rounds; r++)
        {
            var shares = new double[2][];
            for (int t = 0; t < 2; t++)
            {
                foreach (Value v in parameters)
                {
                    v.Grad = 0;
                }

                GraphAt(t, r).Backward();
                shares[t] = [.. parameters.Select(v => v.Grad)];
            }

            expected[r] = [.. Enumerable.Range(0, parameters.Length).Select(i => Bits(0 + shares[0][i] + shares[1][i]))];
        }

        for (int r = 0; r < Rounds; r++)
        {
            foreach (Value v in parameters)
            {
                v.Grad = 0;
            }

            Value[] graphs = [GraphAt(0, r), GraphAt(1, r)];
            ThreadTests.OnThreads(t =>
            {
                if (t < 2)
                {
                    graphs[t].Backward();
                }
                else
                {
                    for (int k = 0; k < 3; k++)
                    {
                        Value built = GraphAt(2, (r * 3) + k);
                        built.Label = "built";
                        foreach (Value node in built.TopologicalOrder().Take(20))
                        {
                            node.Label ??= "n";
                        }
                    }
                }
            }, threads: 3);

            Assert.True(expected[r].SequenceEqual(parameters.Select(v => Bits(v.Grad))), $"round {r}: a parameter's gradient is not the two passes' sum");
        }
    }
    /// <summary>The chain rule by hand: seed 1, then each node in the reverse of <see cref="Value.TopologicalOrder"/> sends ∂node/∂input · its gradient; every node's gradient bits in that order.</summary>
    private static long[] ChainRuleByHand(Value output, IReadOnlyList<Value> order)
    {
        var grads = new Dictionary<Value, double>(ReferenceEqualityComparer.Instance) { [output] = 1 };
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Value node = order[i];
            double grad = grads.GetValueOrDefault(node);
            for (int k = 0; k < node.InputCount; k++)
            {
                Value input = node.GetInput(k);
                grads[input] = grads.GetValueOrDefault(input) + node.GetLocalGradient(k) * grad;
            }
        }

        return [.. order.Select(v => Bits(grads.GetValueOrDefault(v)))];
    }

    /// <summary>
    /// Layers wider than a walk's first arrays (50 weights listed by one Dot in the one-loop path, so
    /// the walk's leaf sums grow in the middle of that loop), walked on a fresh thread whose walk starts
    /// small: every gradient bit for bit as the chain rule by hand.
    /// </summary>
    [Fact]
    public void WideLayersOnAFreshThread_GiveTheChainRuleByHand()
    {
        long[]? walked = null, byHand = null;
        bool sameOrderAfter = false;
        var thread = new Thread(() =>
        {
            var random = new Random(42);
            Layer[] layers = [new Layer(50, 50, Activation.Tanh, Initialization.Xavier, random), new Layer(50, 50, Activation.Relu, Initialization.He, random), new Layer(50, 3, Activation.Linear, Initialization.Xavier, random)];
            Value[] acts = [.. Enumerable.Range(0, 50).Select(i => new Value(random.NextDouble() - 0.5) * 1.0)];
            foreach (Layer layer in layers)
            {
                acts = layer.Forward(acts);
            }

            Value loss = LossOf(acts);
            IReadOnlyList<Value> order = loss.TopologicalOrder(); // before the walk (see MlpGraph_GivesTheChainRuleByHandAndTheCompiledReplay)
            loss.Backward();
            sameOrderAfter = order.SequenceEqual(loss.TopologicalOrder());
            walked = [.. order.Select(v => Bits(v.Grad))];
            byHand = ChainRuleByHand(loss, order);
        });
        thread.Start();
        thread.Join();
        Assert.True(sameOrderAfter, "the walk left counts behind: the graph's order after it differs");
        long[] walkedBits = walked ?? throw new InvalidOperationException("the thread did not finish its walk");
        long[] byHandBits = byHand ?? throw new InvalidOperationException("the thread did not finish its walk");
        Assert.True(byHandBits.SequenceEqual(walkedBits), $"node {Enumerable.Range(0, walkedBits.Length).FirstOrDefault(i => walkedBits[i] != byHandBits[i])} of {walkedBits.Length} differs");
    }

    /// <summary>
    /// Networks whose graphs mix the kept path with others: batch norm (ForwardBatch: public Dots for
    /// the hidden layers, the last layer kept over normalised results), maxout (public Dots) and
    /// dropout while training (kept arrays of masked results): every gradient as the chain rule by hand.
    /// </summary>
    [Fact]
    public void BatchNormMaxoutAndDropoutNetworks_GiveTheChainRuleByHand()
    {
        MlpOptions[] options =
        [
            new() { BatchNorm = true, Seed = 1, HiddenActivation = Activation.Tanh },
            new() { HiddenActivation = Activation.Maxout, MaxoutPieces = 3, Seed = 2 },
            new() { Dropout = 0.3, Seed = 3, HiddenActivation = Activation.Elu },
        ];
        foreach (MlpOptions option in options)
        {
            var mlp = new Mlp(3, [5, 5, 2], option);
            var random = new Random(7);
            Value[][] batch = [.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 3).Select(i => i == 1 ? new Value(random.NextDouble()) * 2.0 : new Value(random.NextDouble())).ToArray())];
            Value loss = LossOf([.. mlp.ForwardBatch(batch).SelectMany(o => o)]);
            IReadOnlyList<Value> order = loss.TopologicalOrder(); // before the walk (see MlpGraph_GivesTheChainRuleByHandAndTheCompiledReplay)
            loss.Backward();
            Assert.Equal(order, loss.TopologicalOrder());
            long[] walked = [.. order.Select(v => Bits(v.Grad))];
            long[] byHand = ChainRuleByHand(loss, order);
            Assert.True(byHand.SequenceEqual(walked), $"{mlp}: node {Enumerable.Range(0, walked.Length).FirstOrDefault(i => walked[i] != byHand[i])} of {walked.Length} differs");
        }
    }
    /// <summary>
    /// 300 random stacks of layers (1 to 5 layers, 1 to 7 wide, any plain activation per layer, any
    /// input mode), and one 600 layers deep and 2 wide: the loss, every parameter's, input's and hidden
    /// unit's gradient bit for bit as the same layers built from public Dots.
    /// </summary>
    [Fact]
    public void RandomAndDeepLayerStacks_GiveTheBitsOfPublicDots()
    {
        for (int seed = 0; seed <= 300; seed++)
        {
            var random = new Random(seed);
            int width = random.Next(1, 8);
            int depth = seed == 300 ? 600 : random.Next(1, 6);
            var layers = new Layer[depth];
            int inputs = width;
            for (int l = 0; l < depth; l++)
            {
                int outputs = seed == 300 ? 2 : random.Next(1, 8);
                layers[l] = new Layer(inputs, outputs, seed == 300 ? Activation.Tanh : Plain[random.Next(Plain.Length)], Initialization.Xavier, random);
                inputs = outputs;
            }

            Value[] parameters = [.. layers.SelectMany(l => l.Parameters)];
            int mode = random.Next(4);

            (long Loss, long[] Grads) Run(bool kept) => LayersRun(layers, parameters, () => MixedInputs(new Random(seed), width, mode), kept);

            (long keptLoss, long[] keptGrads) = Run(kept: true);
            (long publicLoss, long[] publicGrads) = Run(kept: false);
            Assert.True(publicLoss == keptLoss, $"seed {seed}: loss bits differ");
            Assert.True(publicGrads.SequenceEqual(keptGrads), $"seed {seed}: gradient {Enumerable.Range(0, keptGrads.Length).FirstOrDefault(i => keptGrads[i] != publicGrads[i])} of {keptGrads.Length} differs");
        }
    }
    /// <summary>
    /// Two losses over the same network outputs (hidden nodes, Dot nodes and kept arrays shared, not
    /// only parameters) walked back on two threads at once, one of them perhaps alone while the other
    /// waits: each parameter's gradient exactly the two passes' sum, each input's too, every round.
    /// </summary>
    [Fact]
    public void TwoThreadsWalkingLossesThatShareHiddenNodes_AddEveryPassExactly()
    {
        var mlp = new Mlp(3, [7, 7, 2], new MlpOptions { HiddenActivation = Activation.Tanh, Seed = 9 });
        Value[] parameters = [.. mlp.Parameters];
        for (int r = 0; r < 150; r++)
        {
            (Value[] leaves, Value[] inputs) = MixedInputs(new Random(r), 3, r % 4);
            Value[] outputs = mlp.Forward(inputs);
            Value[] losses = [LossOf(outputs), (outputs[1] * 3.0 - outputs[0]).Tanh()];
            Value[] watched = [.. parameters, .. leaves];

            var shares = new double[2][];
            for (int t = 0; t < 2; t++)
            {
                foreach (Value v in watched)
                {
                    v.Grad = 0;
                }

                losses[t].Backward();
                shares[t] = [.. watched.Select(v => v.Grad)];
            }

            foreach (Value v in watched)
            {
                v.Grad = 0;
            }

            ThreadTests.OnThreads(t => losses[t].Backward(), threads: 2);
            long[] expected = [.. Enumerable.Range(0, watched.Length).Select(i => Bits(0 + shares[0][i] + shares[1][i]))];
            Assert.True(expected.SequenceEqual(watched.Select(v => Bits(v.Grad))), $"round {r}: a gradient is not the two passes' sum");

            // And the shared nodes were left clean: the first loss walked again alone gives its share again.
            foreach (Value v in watched)
            {
                v.Grad = 0;
            }

            losses[0].Backward();
            Assert.Equal(shares[0].Select(Bits), watched.Select(v => Bits(v.Grad)));
        }
    }
    /// <summary>
    /// The caller's arrays changed between Forward and Backward (its input array, and the arrays
    /// Forward returned, given to the next layer, then overwritten with leaves, other results and null):
    /// every gradient bit for bit as the same graph built and walked with the arrays left alone.
    /// </summary>
    [Fact]
    public void ArraysChangedByTheCallerBetweenForwardAndBackward_ChangeNoGradient()
    {
        foreach (Activation activation in Plain)
        {
            var random = new Random(5);
            Layer[] layers = [new Layer(3, 4, activation, Initialization.Xavier, random), new Layer(4, 4, activation, Initialization.Xavier, random), new Layer(4, 2, activation, Initialization.Xavier, random)];
            Value[] parameters = [.. layers.SelectMany(l => l.Parameters)];

            long[] Run(bool vandalise)
            {
                foreach (Value p in parameters)
                {
                    p.Grad = 0;
                }

                (Value[] leaves, Value[] inputs) = MixedInputs(new Random(9), 3, 2);
                var arrays = new List<Value[]> { inputs };
                Value[] acts = inputs;
                foreach (Layer layer in layers)
                {
                    acts = layer.Forward(acts);
                    arrays.Add(acts);
                }

                Value loss = LossOf(acts);
                if (vandalise)
                {
                    var stranger = new Value(123, "stranger");
                    foreach (Value[] array in arrays)
                    {
                        for (int i = 0; i < array.Length; i++)
                        {
                            array[i] = (i % 3) switch { 0 => stranger, 1 => stranger * stranger, _ => null! };
                        }
                    }
                }

                loss.Backward();
                return [.. parameters.Concat(leaves).Select(v => Bits(v.Grad)), Bits(loss.Data)];
            }

            Assert.Equal(Run(vandalise: false), Run(vandalise: true));
        }
    }
}
