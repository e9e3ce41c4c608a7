namespace AutoGrad.Graphs;

/// <summary>Graphviz could not be run, or it rejected the DOT text; the message carries Graphviz's own words.</summary>
public class GraphvizException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, including Graphviz's error text.</param>
    /// <param name="graphvizOutput">What Graphviz wrote to its error stream, or empty.</param>
    public GraphvizException(string message, string graphvizOutput = "")
        : base(message)
    {
        GraphvizOutput = graphvizOutput;
    }

    /// <summary>What Graphviz wrote to its error stream, or empty.</summary>
    public string GraphvizOutput { get; }
}
