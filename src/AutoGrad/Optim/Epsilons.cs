namespace AutoGrad.Optim;

/// <summary>The check the adaptive optimizers share on their ε.</summary>
internal static class Epsilons
{
    /// <summary>Throws unless ε is finite and greater than 0: with ε ≤ 0 or NaN a zero gradient gives 0/0, and the parameter becomes NaN.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void ThrowIfInvalid(double epsilon)
    {
        if (!(double.IsFinite(epsilon) && epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Expected an epsilon finite and greater than 0.");
        }
    }
}
