using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class RegressionExperimentTests
{
    private static readonly Lazy<RegressionExperiment.Measurements> Measured = Quick.Regression;

    [Fact]
    public void L2Fit_ErrorsAverageZero_SoItsLossIsTheVarianceOfTheError()
    {
        RegressionExperiment.LossFit l2 = Measured.Value.Of("l2");
        Assert.True(Math.Abs(l2.MeanError) < 0.01, $"mean error {l2.MeanError}");
        Assert.Equal(l2.ErrorVariance + l2.MeanError * l2.MeanError, l2.MeanSquaredError, 12); // MSE = variance + mean², by definition
        Assert.True(l2.MeanSquaredError - l2.ErrorVariance < 1e-4, $"MSE {l2.MeanSquaredError}, variance {l2.ErrorVariance}");
    }

    [Fact]
    public void L2Fit_HasTheSmallerErrorVarianceAndMse_L1FitTheSmallerAbsoluteError()
    {
        RegressionExperiment.LossFit l2 = Measured.Value.Of("l2");
        RegressionExperiment.LossFit l1 = Measured.Value.Of("l1");
        Assert.True(l2.ErrorVariance < l1.ErrorVariance, $"error variance L2 {l2.ErrorVariance}, L1 {l1.ErrorVariance}");
        Assert.True(l2.MeanSquaredError < l1.MeanSquaredError, $"MSE L2 {l2.MeanSquaredError}, L1 {l1.MeanSquaredError}");
        Assert.True(l1.MeanAbsoluteError < l2.MeanAbsoluteError, $"MAE L1 {l1.MeanAbsoluteError}, L2 {l2.MeanAbsoluteError}");
        Assert.True(l1.MeanError > 0.03, $"the L1 fit follows the median, below the mean of skewed noise: mean error {l1.MeanError}");
    }

    [Fact]
    public void OneHiddenLayer_ApproximatesTheFunctionCloserAsItWidens()
    {
        IReadOnlyList<RegressionExperiment.WidthFit> widths = Measured.Value.Widths;
        Assert.Equal([1, 4, 16], widths.Select(w => w.Width));
        Assert.True(widths[0].Rmse > widths[1].Rmse && widths[1].Rmse > widths[2].Rmse, string.Join(", ", widths.Select(w => w.Rmse)));
        Assert.True(widths[2].Rmse < 0.06, $"RMSE with 16 units {widths[2].Rmse}");
        Assert.True(widths[0].Rmse > 0.4, $"RMSE with 1 unit {widths[0].Rmse}");
    }
}
