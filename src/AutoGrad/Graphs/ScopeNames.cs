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
    private readonly Dictionary<Scope, string> _paths = new(ReferenceEqualityComparer.Instance);

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
            _paths[scope] = scope.Parent is null ? _names[scope] : $"{_paths[scope.Parent]} / {_names[scope]}";
        }
    }

    /// <summary>Every scope drawn or around one, in the order they were entered (so parents first).</summary>
    public IReadOnlyList<Scope> All { get; }

    /// <summary>The name on the scope's box, as <c>sample 3</c>.</summary>
    public string NameOf(Scope scope) => _names[scope];

    /// <summary>The names from the outermost scope down, as <c>sample 3 / layer 2</c>.</summary>
    public string PathOf(Scope scope) => _paths[scope];

    /// <summary>
    /// True when <paramref name="pattern"/> names the scope: its name as drawn (<c>sample 3</c>), the
    /// name it was entered with (<c>layer 2</c>, in every sample), or its path (<c>sample 3 / layer 2</c>);
    /// a pattern ending in <c>*</c> matches any of those that start with the rest (<c>layer*</c>).
    /// </summary>
    public bool Matches(string pattern, Scope scope)
    {
        string[] names = [_names[scope], scope.Name, _paths[scope]];
        return pattern.EndsWith('*')
            ? names.Any(name => name.StartsWith(pattern[..^1], StringComparison.Ordinal))
            : names.Any(name => name.Equals(pattern, StringComparison.Ordinal));
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
