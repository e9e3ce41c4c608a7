using System.Globalization;

namespace AutoGrad;

public sealed partial class Value
{
    /// <summary>
    /// Whether an input's <see cref="Data"/> was set after this node was computed from it, so that this
    /// node's value belongs to the old inputs while a local derivative evaluated now (see
    /// <see cref="GetLocalGradient"/>) belongs to the new ones. Found by running the op's kernel again
    /// on the inputs' data now and comparing the bits with <see cref="Data"/>. A custom op made with
    /// functions is judged by its own forward function (user code, run only where staleness is checked:
    /// under anomaly detection and by the explorer); a leaf, and a custom op given as numbers, which
    /// cannot say what its value would be now, are never stale.
    /// </summary>
    internal bool InputsChangedSinceComputed()
    {
        if (IsLeaf || (Op == Op.Custom && CustomRule is null))
        {
            return false;
        }

        var inputs = new double[InputCount];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = InputAt(i).Data;
        }

        double now = CustomRule is { } rule ? rule.Forward(inputs) : OpCatalog.Of(Op).ForwardAt(inputs, Parameter ?? 0);
        return !(now.Equals(Data) && (double.IsNaN(now) || double.IsNegative(now) == double.IsNegative(Data))); // any NaN equals NaN; −0 is not +0
    }

    /// <summary>Throws when <see cref="InputsChangedSinceComputed"/>: what to show or differentiate would mix two points.</summary>
    /// <param name="what">What was about to use the node, for the message ("Backward", "the explorer").</param>
    internal void ThrowIfInputsChangedSinceComputed(string what)
    {
        if (!InputsChangedSinceComputed())
        {
            return;
        }

        string inputs = string.Join(", ", Enumerable.Range(0, InputCount).Select(i => InputAt(i).ToString()));
        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture,
                $"{Anomaly.OpName(this)} = {Data:R} was computed from inputs whose Data has been set since (they are now {inputs}): {what} would put local derivatives at the new point beside values at the old one. Set Data only after Backward and drawing, then build the graph again."));
    }
}
