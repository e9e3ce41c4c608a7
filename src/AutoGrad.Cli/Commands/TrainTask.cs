namespace AutoGrad.Cli.Commands;

/// <summary>What <c>autograd train</c> learns (<c>--task</c>).</summary>
internal enum TrainTask
{
    /// <summary>Classes: the label column names each example's class.</summary>
    Classification,

    /// <summary>A number: the target column holds each example's value, learnt with the mean squared error and reported as RMSE.</summary>
    Regression,
}
