namespace AutoGrad.Graphs;

/// <summary>
/// The names a diagram gives the scopes it draws: a scope's own name, numbered when its parent holds
/// several scopes of that name (<c>sample 1</c>, <c>sample 2</c>, … in the order they were entered),
/// so the box of each sample says which it is. Also matches the patterns of
/// <see cref="DiagramOptions.Collapse"/> and <see cref="DiagramOptions.Expand"/> against them.
/// </summary>
internal sealed class ScopeNames
{
    private readonly Dictionary<Scope, string> _names = new(ReferenceEqualityComparer.Instance);

    // Paths are not stored: at 10,000 nested scopes they would take 10,000 strings of up to 10,000 names each.
    private readonly Dictionary<Scope, int> _pathLengths = new(ReferenceEqualityComparer.Instance);

    /// <summary>Names every scope in <paramref name="scopes"/> and every scope around one.</summary>
    public ScopeNames(IEnumerable<Scope?> scopes)
    {
        var all = new HashSet<Scope>(ReferenceEqualityComparer.Instance);
        foreach (Scope? scope in scopes)
        {
            for (Scope? s = scope; s is not null && all.Add(s); s = s.Parent)
            {
            }
        }

        All = all.OrderBy(s => s.Sequence).ToArray();
        foreach (IGrouping<(Scope?, string), Scope> siblings in All.GroupBy(s => (s.Parent, s.Name), SiblingComparer.Instance))
        {
            int number = 0;
            bool repeated = siblings.Skip(1).Any();
            foreach (Scope scope in siblings)
            {
                _names[scope] = repeated ? $"{scope.Name} {++number}" : scope.Name;
            }
        }

        foreach (Scope scope in All)
        {
            _pathLengths[scope] = scope.Parent is null ? _names[scope].Length : _pathLengths[scope.Parent] + Separator.Length + _names[scope].Length;
        }
    }

    private const string Separator = " / ";

    /// <summary>Every scope drawn or around one, in the order they were entered (so parents first).</summary>
    public IReadOnlyList<Scope> All { get; }

    /// <summary>The name on the scope's box, as <c>sample 3</c>.</summary>
    public string NameOf(Scope scope) => _names[scope];

    /// <summary>The names from the outermost scope down, as <c>sample 3 / layer 2</c>; built on request, in time linear in its length.</summary>
    public string PathOf(Scope scope)
    {
        var path = new char[_pathLengths[scope]];
        int end = path.Length;
        for (Scope? s = scope; s is not null; s = s.Parent)
        {
            string name = _names[s];
            end -= name.Length;
            name.CopyTo(path.AsSpan(end));
            if (s.Parent is not null)
            {
                end -= Separator.Length;
                Separator.CopyTo(path.AsSpan(end));
            }
        }

        return new string(path);
    }

    /// <summary>
    /// The scopes <paramref name="pattern"/> names, in the order they were entered: by name as drawn
    /// (<c>sample 3</c>), by the name entered with (<c>layer 2</c>, in every sample), or by path
    /// (<c>sample 3 / layer 2</c>); a pattern ending in <c>*</c> matches any of those that start with
    /// the rest (<c>layer*</c>). Linear in the number of scopes and their names' length, however deep
    /// they nest: each scope's path is compared with the pattern from where its parent's left off.
    /// </summary>
    public IEnumerable<Scope> Matching(string pattern)
    {
        bool prefix = pattern.EndsWith('*');
        string text = prefix ? pattern[..^1] : pattern;
        var states = new Dictionary<Scope, PathMatch>(ReferenceEqualityComparer.Instance);
        foreach (Scope scope in All)
        {
            string name = _names[scope];
            PathMatch state = scope.Parent is null ? Continue(0, name, text)
                : states[scope.Parent] is PathMatch.Prefix ? Continue(_pathLengths[scope.Parent], Separator + name, text)
                : states[scope.Parent] is PathMatch.Equal or PathMatch.Beyond ? PathMatch.Beyond
                : PathMatch.None;
            states[scope] = state;
            bool pathMatches = prefix ? state is PathMatch.Equal or PathMatch.Beyond : state == PathMatch.Equal;
            bool nameMatches = prefix
                ? name.StartsWith(text, StringComparison.Ordinal) || scope.Name.StartsWith(text, StringComparison.Ordinal)
                : name.Equals(text, StringComparison.Ordinal) || scope.Name.Equals(text, StringComparison.Ordinal);
            if (pathMatches || nameMatches)
            {
                yield return scope;
            }
        }
    }

    /// <summary>How a path (so far) compares with the pattern: still a strict prefix of it, equal to it, going on beyond it (it starts with the pattern), or neither.</summary>
    private enum PathMatch
    {
        Prefix,
        Equal,
        Beyond,
        None,
    }

    /// <summary>A path that is a strict prefix of <paramref name="pattern"/> up to <paramref name="at"/>, extended by <paramref name="more"/>.</summary>
    private static PathMatch Continue(int at, string more, string pattern)
    {
        ReadOnlySpan<char> rest = pattern.AsSpan(at);
        if (rest.Length > more.Length)
        {
            return rest.StartsWith(more, StringComparison.Ordinal) ? PathMatch.Prefix : PathMatch.None;
        }

        return more.AsSpan().StartsWith(rest, StringComparison.Ordinal)
            ? (rest.Length == more.Length ? PathMatch.Equal : PathMatch.Beyond)
            : PathMatch.None;
    }

    private sealed class SiblingComparer : IEqualityComparer<(Scope? Parent, string Name)>
    {
        public static readonly SiblingComparer Instance = new();

        public bool Equals((Scope? Parent, string Name) x, (Scope? Parent, string Name) y) =>
            ReferenceEquals(x.Parent, y.Parent) && string.Equals(x.Name, y.Name, StringComparison.Ordinal);

        public int GetHashCode((Scope? Parent, string Name) key) =>
            HashCode.Combine(key.Parent is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Parent), key.Name);
    }
}
