namespace AutoGrad.Compilation;

/// <summary>How a <see cref="CompiledGraph"/> runs its recorded instructions.</summary>
internal enum ReplayMode
{
    /// <summary>One loop reads each instruction and dispatches on its kind: works everywhere (native AOT too).</summary>
    Interpreted,

    /// <summary>Straight-line code generated for the graph, in methods of a bounded size: no dispatch per node.</summary>
    Generated,
}
