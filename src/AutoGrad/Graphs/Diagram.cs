using AutoGrad.IO;

namespace AutoGrad.Graphs;

/// <summary>The one-call way to save a graph's picture: DOT always, SVG where Graphviz is installed.</summary>
public static class Diagram
{
    /// <summary>
    /// Writes <c>basePath.dot</c> and, when Graphviz's <c>dot</c> is installed, <c>basePath.svg</c>.
    /// Without Graphviz it still writes the DOT file, and says how to get the picture.
    /// </summary>
    /// <param name="root">The output whose graph to draw.</param>
    /// <param name="basePath">The path without extension, for example <c>graphs/neuron</c>.</param>
    /// <param name="options">Look and limits; defaults if null.</param>
    /// <param name="log">Where to say what was written; nowhere if null.</param>
    /// <returns>The files written, DOT first.</returns>
    /// <exception cref="GraphTooLargeException">The graph exceeds the options' node limit.</exception>
    /// <exception cref="GraphvizException">Graphviz is installed but failed.</exception>
    public static IReadOnlyList<string> Save(Value root, string basePath, DotOptions? options = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        string dot = DotExporter.Export(root, options);
        string dotPath = basePath + ".dot";
        AtomicFile.WriteAllText(dotPath, dot);
        log?.WriteLine($"wrote {dotPath}");
        if (!Graphviz.IsInstalled)
        {
            log?.WriteLine("Graphviz is not installed, so no SVG was drawn (Debian/Ubuntu: sudo apt-get install graphviz).");
            return [dotPath];
        }

        string svgPath = basePath + ".svg";
        string warnings = Graphviz.Render(dot, GraphvizFormat.Svg, svgPath);
        log?.WriteLine($"wrote {svgPath}{(warnings.Length > 0 ? $" (Graphviz warned: {warnings})" : "")}");
        return [dotPath, svgPath];
    }
}
