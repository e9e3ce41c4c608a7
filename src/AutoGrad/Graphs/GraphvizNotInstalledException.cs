namespace AutoGrad.Graphs;

/// <summary>The Graphviz <c>dot</c> program is not installed; the message says how to install it.</summary>
public sealed class GraphvizNotInstalledException : GraphvizException
{
    /// <summary>Creates the exception for the program that was looked for.</summary>
    /// <param name="program">The program name or path that could not be started.</param>
    public GraphvizNotInstalledException(string program)
        : base($"Graphviz's '{program}' program was not found, so the diagram cannot be rendered. Install Graphviz " +
               "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; Windows: winget install graphviz) " +
               "and make sure 'dot' is on PATH. DOT export itself (DotExporter.Export) does not need Graphviz.")
    {
    }
}
