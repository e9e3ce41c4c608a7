using AutoGrad.Graphs.Html;
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

    /// <summary>
    /// Writes the interactive explorer for <paramref name="root"/>'s graph: one self-contained HTML file
    /// (the Graphviz layout as SVG, the numbers as JSON and a small inline script; nothing is loaded
    /// from the network) in which hovering or clicking a node shows its op, value, gradient and, per
    /// input edge, the local derivative and its chain-rule contribution (upstream grad × local);
    /// buttons and arrow keys step through the forward pass in topological order and the backward
    /// pass in reverse; scopes collapse to boxes; a search box highlights labels. Call
    /// <see cref="Value.Backward"/> first to see gradients. The same graph always gives the same bytes.
    /// </summary>
    /// <param name="root">The output whose graph to explore.</param>
    /// <param name="path">The file to write, for example <c>out/graph.html</c>; written whole or not at all.</param>
    /// <param name="options">Look and limits of the drawing; defaults if null.</param>
    /// <param name="log">Where to say what was written; nowhere if null.</param>
    /// <param name="title">The page's title and header, for example the formula drawn; the output's label if null.</param>
    /// <returns>What Graphviz warned about (empty when it said nothing).</returns>
    /// <exception cref="GraphvizNotInstalledException">Graphviz is not installed: the page needs its layout, so nothing is written.</exception>
    /// <exception cref="GraphTooLargeException">The graph exceeds the options' node limit.</exception>
    /// <exception cref="GraphvizException">Graphviz failed.</exception>
    /// <exception cref="InvalidOperationException">
    /// A leaf's <see cref="Value.Data"/> was set after the graph was built (an optimizer step): the page would
    /// show local derivatives at the new point beside values at the old one, so nothing is written. The
    /// message names the node.
    /// </exception>
    public static string SaveHtml(Value root, string path, DotOptions? options = null, TextWriter? log = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string warnings = HtmlExplorer.Write(root, path, options ?? new DotOptions(), "dot", title);
        log?.WriteLine($"wrote {path}{(warnings.Length > 0 ? $" (Graphviz warned: {warnings})" : "")}");
        return warnings;
    }

    /// <summary>
    /// What <see cref="DotExporter"/> and <see cref="MermaidExporter"/> would draw for the graph with these
    /// options, without drawing it: the node count, the scopes collapsed (by
    /// <see cref="DiagramOptions.Collapse"/> or to fit <see cref="DiagramOptions.MaxNodes"/>) and the constants folded.
    /// </summary>
    /// <param name="root">The output whose graph to describe.</param>
    /// <param name="options">Look and limits; defaults if null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException">A pattern in <see cref="DiagramOptions.Collapse"/> or <see cref="DiagramOptions.Expand"/> is empty or matches no scope.</exception>
    /// <exception cref="GraphTooLargeException">The graph exceeds <see cref="DiagramOptions.MaxNodes"/> and cannot be collapsed to fit.</exception>
    public static DiagramSummary Describe(Value root, DiagramOptions? options = null)
    {
        DiagramGraph graph = DiagramGraph.Build(root, options ?? new DiagramOptions());
        return new DiagramSummary(graph.Nodes.Count, graph.CollapsedScopes, graph.FoldedConstantCount, graph.Note);
    }

    /// <summary>
    /// Draws a gradient check: the graph it built at its point, each input with its analytic and
    /// numerical gradient and outcome, and — when a check failed — the culprit op and its path to the
    /// output highlighted, with its recorded and numerical local derivative. Writes
    /// <c>basePath.dot</c> and, with Graphviz, <c>basePath.svg</c>.
    /// </summary>
    /// <param name="report">A report from <see cref="Checking.GradCheck.Check"/>, which holds the graph it built.</param>
    /// <param name="basePath">The path without extension.</param>
    /// <param name="log">Where to say what was written; nowhere if null.</param>
    /// <returns>The files written, DOT first.</returns>
    /// <exception cref="ArgumentException">The report holds no graph (a check of parameters or of second derivatives).</exception>
    public static IReadOnlyList<string> SaveGradCheck(Checking.GradCheckReport report, string basePath, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        Value graph = report.Graph ?? throw new ArgumentException("The report holds no graph to draw; draw reports of GradCheck.Check.", nameof(report));
        var notes = new Dictionary<Value, string>(ReferenceEqualityComparer.Instance);
        var highlight = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        List<Value> leaves = graph.TopologicalOrder().Where(v => v.IsLeaf && v.Label is { } label && label.StartsWith('x')).ToList();
        foreach (Checking.GradCheckEntry entry in report.Entries)
        {
            Value? leaf = leaves.FirstOrDefault(v => v.Label == $"x{entry.Index}");
            if (leaf is not null)
            {
                notes[leaf] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"analytic {entry.Analytic:G6} vs numerical {entry.Numerical:G6}: {entry.Outcome.ToString().ToLowerInvariant()}");
                if (entry.Outcome == Checking.GradCheckOutcome.Failed)
                {
                    highlight.Add(leaf);
                }
            }
        }

        if (report.Culprit is { } culprit)
        {
            notes[culprit.Node] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"culprit: ∂/∂input {culprit.InputIndex} recorded {culprit.Analytic:G6}, numerical {culprit.Numerical:G6}");
            highlight.UnionWith(GraphPaths.Between(culprit.Node, graph));
        }

        return Save(graph, basePath, new DotOptions { Notes = notes, Highlight = highlight }, log);
    }
}
