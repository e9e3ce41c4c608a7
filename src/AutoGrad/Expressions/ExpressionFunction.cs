namespace AutoGrad.Expressions;

/// <summary>One function an expression may call.</summary>
/// <param name="Name">The name, lower case.</param>
/// <param name="Usage">How to call it, for error messages.</param>
/// <param name="MinArguments">The fewest arguments.</param>
/// <param name="MaxArguments">The most arguments (<see cref="int.MaxValue"/> for any number).</param>
/// <param name="FirstConstant">The index from which every argument must be a constant (no variables): it is a parameter of the op, not an input.</param>
/// <param name="Build">Builds the op from the built arguments; a constant argument arrives as a leaf holding its value.</param>
/// <param name="EvenCount">True when the number of arguments must be even.</param>
internal sealed record ExpressionFunction(string Name, string Usage, int MinArguments, int MaxArguments, int FirstConstant, Func<IReadOnlyList<Value>, Value> Build, bool EvenCount = false)
{
    /// <summary>What is wrong with calling this function on <paramref name="arguments"/>, and the index of the argument to point at (-1 for the call as a whole); null if nothing.</summary>
    public (int Argument, string Reason)? Problem(IReadOnlyList<Expression> arguments)
    {
        int count = arguments.Count;
        if (count < MinArguments || count > MaxArguments || (EvenCount && count % 2 != 0))
        {
            return (-1, $"{Name} takes {Arity()} but got {count}; expected {Usage}");
        }

        for (int i = FirstConstant; i < count; i++)
        {
            if (arguments[i].Variables.Count > 0)
            {
                return (i, $"argument {i + 1} of {Name} must be a constant number, without variables; expected {Usage}");
            }
        }

        return null;
    }

    private string Arity() =>
        EvenCount ? $"an even number of arguments, at least {MinArguments}"
        : MaxArguments == int.MaxValue ? $"at least {MinArguments} argument{(MinArguments == 1 ? "" : "s")}"
        : MinArguments == MaxArguments ? $"{MinArguments} argument{(MinArguments == 1 ? "" : "s")}"
        : $"{MinArguments} to {MaxArguments} arguments";
}
