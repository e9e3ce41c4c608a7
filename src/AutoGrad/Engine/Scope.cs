namespace AutoGrad;

/// <summary>
/// A named region of a graph. Every <see cref="Value"/> created while a scope is entered remembers
/// it, and the diagram exporters draw each scope as a box (a Graphviz cluster), so an MLP reads
/// layer by layer and neuron by neuron. Scopes nest; they are per thread.
/// </summary>
/// <example>
/// <code>
/// using (Scope.Enter("layer 1"))
/// {
///     using (Scope.Enter("neuron 0")) { h0 = (w0 * x + b0).Tanh(); }
/// }
/// </code>
/// </example>
public sealed class Scope : IDisposable
{
    [ThreadStatic]
    private static Scope? t_current;

    // Scopes entered and not yet left, on any thread: lets node creation skip the thread-static
    // lookup in the common case of no scope at all.
    private static int s_openScopes;

    // Counts every scope entered, so diagrams can number scopes of the same name in the order they were entered.
    private static long s_entered;

    private bool _exited;

    private Scope(string name, Scope? parent)
    {
        Name = name;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Sequence = Interlocked.Increment(ref s_entered);
    }

    /// <summary>The name given to <see cref="Enter"/>.</summary>
    public string Name { get; }

    /// <summary>The scope this one was entered in, or null for an outermost scope.</summary>
    public Scope? Parent { get; }

    /// <summary>0 for an outermost scope, 1 inside one other, and so on.</summary>
    public int Depth { get; }

    /// <summary>Orders scopes by when they were entered: a later scope has a larger number.</summary>
    internal long Sequence { get; }

    /// <summary>The innermost scope entered on this thread and not yet exited, or null.</summary>
    public static Scope? Current => t_current;

    /// <summary><see cref="Current"/>, read only when some thread has a scope open (node creation is hot).</summary>
    internal static Scope? CurrentIfAny => Volatile.Read(ref s_openScopes) == 0 ? null : t_current;

    /// <summary>
    /// Enters a new scope inside <see cref="Current"/>; dispose the result to leave it.
    /// Each call makes a distinct scope, even with a name used before.
    /// </summary>
    /// <param name="name">What the diagram shows on the scope's box.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static Scope Enter(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var scope = new Scope(name, t_current);
        t_current = scope;
        Interlocked.Increment(ref s_openScopes);
        return scope;
    }

    /// <summary>Leaves this scope, so <see cref="Current"/> becomes its parent again.</summary>
    /// <exception cref="InvalidOperationException">An inner scope is still entered: scopes must be left innermost first.</exception>
    public void Dispose()
    {
        if (_exited)
        {
            return;
        }

        if (!ReferenceEquals(t_current, this))
        {
            throw new InvalidOperationException(
                $"Scope '{Name}' cannot be left while scope '{t_current?.Name}' inside it is still entered; leave scopes innermost first.");
        }

        _exited = true;
        t_current = Parent;
        Interlocked.Decrement(ref s_openScopes);
    }

    /// <summary>The names from the outermost scope down to this one, joined by " / ".</summary>
    public override string ToString()
    {
        // A loop, not a recursion through the parents: 10,000 nested scopes must not overflow the stack.
        var names = new string[Depth + 1];
        int i = names.Length;
        for (Scope? scope = this; scope is not null; scope = scope.Parent)
        {
            names[--i] = scope.Name;
        }

        return string.Join(" / ", names);
    }
}
