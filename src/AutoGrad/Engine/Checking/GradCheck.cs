namespace AutoGrad.Checking;

/// <summary>
/// Checks the gradients <see cref="Value.Backward"/> computes for a function against numerical
/// differentiation. Call it from your own tests to check ops you build or compose.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public void Softsign_HasTheRightGradient() =>
///     GradCheck.Assert(x => x[0] / (1 + x[0].Abs()), [0.7]);
/// </code>
/// </example>
public static class GradCheck
{
    /// <summary>
    /// Evaluates <paramref name="function"/> at <paramref name="point"/>, backpropagates, and compares
    /// each input's gradient with a central difference.
    /// </summary>
    /// <param name="function">Builds the output from fresh leaf values, one per coordinate of the point. It is called 2n + 1 times and must build the same expression each time.</param>
    /// <param name="point">The coordinates to check at; finite.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">A coordinate of the point is not finite.</exception>
    public static GradCheckReport Check(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        options ??= GradCheckOptions.Default;
        NumericalDerivative.CheckStep(options.Step);
        double[] coordinates = point.ToArray();
        for (int i = 0; i < coordinates.Length; i++)
        {
            if (!double.IsFinite(coordinates[i]))
            {
                throw new ArgumentException($"Coordinate {i} of the point is {coordinates[i]}; expected a finite number.", nameof(point));
            }
        }

        Value[] leaves = coordinates.Select((x, i) => new Value(x, $"x{i}")).ToArray();
        Value output = Evaluate(function, leaves);
        output.Backward();

        var entries = new GradCheckEntry[coordinates.Length];
        for (int i = 0; i < coordinates.Length; i++)
        {
            double h = NumericalDerivative.StepAt(coordinates[i], options.Step);
            double up = EvaluateWith(function, coordinates, i, coordinates[i] + h);
            double down = EvaluateWith(function, coordinates, i, coordinates[i] - h);
            double numerical = (up - down) / (2 * h);
            double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numerical);
            entries[i] = new GradCheckEntry(i, coordinates[i], leaves[i].Grad, numerical, allowed);
        }

        return new GradCheckReport(output.Data, entries);
    }

    /// <summary>Like <see cref="Check"/>, but throws when any input fails, with the worst input in the message.</summary>
    /// <param name="function">Builds the output from one leaf per coordinate.</param>
    /// <param name="point">The coordinates to check at; finite.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>The report, when it passed.</returns>
    /// <exception cref="GradCheckFailedException">An analytic gradient disagrees with the numerical one.</exception>
    public static GradCheckReport Assert(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        GradCheckReport report = Check(function, point, options);
        return report.Passed ? report : throw new GradCheckFailedException(report);
    }

    /// <summary>
    /// Checks the gradients of a loss with respect to values that already exist, such as a model's
    /// parameters: backpropagates once, then nudges each value's <see cref="Value.Data"/> up and down
    /// and rebuilds the loss. Every value's data is restored afterwards.
    /// </summary>
    /// <param name="parameters">The values to check, for example <c>model.Parameters</c>.</param>
    /// <param name="loss">Builds the loss from the current data of the values; called 2n + 1 times.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per parameter, in order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the loss function returned null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="parameters"/> is null.</exception>
    public static GradCheckReport CheckParameters(IReadOnlyList<Value> parameters, Func<Value> loss, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= GradCheckOptions.Default;
        NumericalDerivative.CheckStep(options.Step);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is null)
            {
                throw new ArgumentException($"Item {i} of 'parameters' is null; expected a Value.", nameof(parameters));
            }
        }

        foreach (Value parameter in parameters)
        {
            parameter.Grad = 0;
        }

        Value output = BuildLoss(loss);
        output.Backward();
        double[] analytic = parameters.Select(p => p.Grad).ToArray();

        var entries = new GradCheckEntry[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            Value parameter = parameters[i];
            double original = parameter.Data;
            double h = NumericalDerivative.StepAt(original, options.Step);
            try
            {
                parameter.Data = original + h;
                double up = BuildLoss(loss).Data;
                parameter.Data = original - h;
                double down = BuildLoss(loss).Data;
                double numerical = (up - down) / (2 * h);
                entries[i] = new GradCheckEntry(i, original, analytic[i], numerical, options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numerical));
            }
            finally
            {
                parameter.Data = original;
            }
        }

        return new GradCheckReport(output.Data, entries);
    }

    /// <summary>
    /// Checks second derivatives, as PyTorch's <c>gradgradcheck</c>: the Hessian built from the
    /// gradient graph (<see cref="Value.Gradients"/> with createGraph) against central differences
    /// of the first derivatives that <see cref="Value.Backward"/> computes. Catches a local derivative
    /// whose numbers are right but whose own derivative is not (for example one written as a constant).
    /// </summary>
    /// <param name="function">Builds the output from fresh leaf values, one per coordinate; called 2n + 1 times.</param>
    /// <param name="point">The coordinates to check at; finite.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per pair (i, j), index i·n + j, named "∂²f/∂xi∂xj".</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">A coordinate of the point is not finite.</exception>
    /// <exception cref="NotSupportedException">The function uses a custom op, which cannot be differentiated twice.</exception>
    public static GradCheckReport CheckSecondOrder(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        options ??= GradCheckOptions.Default;
        double[] coordinates = point.ToArray();
        for (int i = 0; i < coordinates.Length; i++)
        {
            if (!double.IsFinite(coordinates[i]))
            {
                throw new ArgumentException($"Coordinate {i} of the point is {coordinates[i]}; expected a finite number.", nameof(point));
            }
        }

        int n = coordinates.Length;
        Value[] leaves = coordinates.Select((x, i) => new Value(x, $"x{i}")).ToArray();
        Value output = Evaluate(function, leaves);
        Value[] gradient = Value.Gradients(output, leaves, createGraph: true);
        var entries = new GradCheckEntry[n * n];
        for (int j = 0; j < n; j++)
        {
            double h = NumericalDerivative.StepAt(coordinates[j], options.Step);
            double[] up = FirstDerivativesWith(function, coordinates, j, coordinates[j] + h);
            double[] down = FirstDerivativesWith(function, coordinates, j, coordinates[j] - h);
            for (int i = 0; i < n; i++)
            {
                double analytic = Value.Gradients(gradient[i], [leaves[j]])[0].Data;
                double numerical = (up[i] - down[i]) / (2 * h);
                double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numerical);
                entries[i * n + j] = new GradCheckEntry(i * n + j, coordinates[j], analytic, numerical, allowed) { Name = $"∂²f/∂x{i}∂x{j}" };
            }
        }

        return new GradCheckReport(output.Data, entries);
    }

    private static double[] FirstDerivativesWith(Func<IReadOnlyList<Value>, Value> function, double[] coordinates, int index, double x)
    {
        Value[] leaves = coordinates.Select((c, j) => new Value(j == index ? x : c)).ToArray();
        Evaluate(function, leaves).Backward();
        return leaves.Select(leaf => leaf.Grad).ToArray();
    }

    private static Value BuildLoss(Func<Value> loss) =>
        loss() ?? throw new ArgumentNullException(nameof(loss), "The loss function returned null; expected the output Value.");

    private static double EvaluateWith(Func<IReadOnlyList<Value>, Value> function, double[] coordinates, int index, double x)
    {
        var leaves = new Value[coordinates.Length];
        for (int j = 0; j < leaves.Length; j++)
        {
            leaves[j] = new Value(j == index ? x : coordinates[j]);
        }

        return Evaluate(function, leaves).Data;
    }

    private static Value Evaluate(Func<IReadOnlyList<Value>, Value> function, Value[] leaves) =>
        function(leaves) ?? throw new ArgumentNullException(nameof(function), "The function returned null; expected the output Value.");
}
