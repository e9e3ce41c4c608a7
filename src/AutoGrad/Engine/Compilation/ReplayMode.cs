namespace AutoGrad.Compilation;

/// <summary>How a <see cref="CompiledGraph"/> runs its recorded instructions now (see <see cref="CompiledGraph.Mode"/>).</summary>
public enum ReplayMode
{
    /// <summary>
    /// One loop reads each instruction and dispatches on its kind: works everywhere, from the first
    /// evaluation. Every graph starts so; it stays so where the runtime forbids generating code: native
    /// AOT, and file-based apps (<c>dotnet run app.cs</c>), which default to <c>PublishAot</c> and so
    /// switch dynamic code off even on the JIT.
    /// </summary>
    Interpreted,

    /// <summary>
    /// Code generated for the graph (loops over repeated stretches, straight-line code elsewhere, in
    /// methods of a bounded size): no dispatch per node. A graph switches to it after some replays, once
    /// it has been generated in the background; the numbers stay the same, bit for bit.
    /// </summary>
    Generated,
}
