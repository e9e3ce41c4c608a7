namespace AutoGrad.Benchmarks.Workloads;

/// <summary>One implementation of one workload from docs/workloads.md, ready to be timed step by step.</summary>
internal interface IWorkloadRun
{
    /// <summary>The workload name: w1-mlp-step, w2-chain, w3-wide-sum or w3t-wide-sum-tree.</summary>
    string Workload { get; }

    /// <summary>The implementation name: autograd-dynamic, autograd-compiled or handwritten-cs.</summary>
    string Implementation { get; }

    /// <summary>The canonical op-node count every per-node figure divides by.</summary>
    long OpNodes { get; }

    /// <summary>The implementation's own count of nodes in one step, leaves included.</summary>
    long Nodes { get; }

    /// <summary>One step (W1) or one repetition (W2, W3).</summary>
    void Step();

    /// <summary>Free-form check lines (values, gradients) after the steps run so far; without the leading '#'.</summary>
    IEnumerable<string> Checks();
}
