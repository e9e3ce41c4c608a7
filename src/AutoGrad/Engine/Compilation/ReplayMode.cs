namespace AutoGrad.Compilation;

/// <summary>How a <see cref="CompiledGraph"/> runs its recorded instructions (see <see cref="CompiledGraph.Mode"/>).</summary>
public enum ReplayMode
{
    /// <summary>
    /// One loop reads each instruction and dispatches on its kind: works everywhere. The mode where the
    /// runtime forbids generating code: native AOT, and file-based apps (<c>dotnet run app.cs</c>), which
    /// default to <c>PublishAot</c> and so switch dynamic code off even on the JIT.
    /// </summary>
    Interpreted,

    /// <summary>Straight-line code generated for the graph, in methods of a bounded size: no dispatch per node.</summary>
    Generated,
}
