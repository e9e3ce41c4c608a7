using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class SearchExperimentTests
{
    private static readonly Lazy<SearchExperiment.Measurements> Measured = Quick.Search;

    [Fact]
    public void WithTheSameBudget_RandomSearchTriesAValuePerTrial_TheGridOnlyItsSide()
    {
        SearchExperiment.SearchResult random = Measured.Value.Random;
        SearchExperiment.SearchResult grid = Measured.Value.Grid;
        int side = (int)Math.Round(Math.Sqrt(grid.Trials.Count));
        Assert.Equal(grid.Trials.Count, random.Trials.Count);
        Assert.Equal(random.Trials.Count, random.Distinct(t => t.LearningRate));
        Assert.Equal(random.Trials.Count, random.Distinct(t => t.WeightDecay));
        Assert.Equal(side, grid.Distinct(t => t.LearningRate));
        Assert.Equal(side, grid.Distinct(t => t.WeightDecay));
    }

    [Fact]
    public void EveryTrial_StaysInsideTheSearchedLogRanges()
    {
        Assert.All(Measured.Value.Searches.SelectMany(s => s.Trials), t =>
        {
            Assert.InRange(Math.Log10(t.LearningRate), SearchExperiment.LogLearningRate.Low - 1e-9, SearchExperiment.LogLearningRate.High + 1e-9);
            Assert.InRange(Math.Log10(t.WeightDecay), SearchExperiment.LogWeightDecay.Low - 1e-9, SearchExperiment.LogWeightDecay.High + 1e-9);
        });
    }

    [Fact]
    public void RandomSearch_NarrowsTheLearningRateToLessThanHalfItsRange()
    {
        (double low, double high) = Measured.Value.Random.TopRange(t => t.LearningRate);
        double searched = SearchExperiment.LogLearningRate.High - SearchExperiment.LogLearningRate.Low;
        Assert.True(high - low < searched / 2, $"the top {SearchExperiment.TopCount} span {high - low} of {searched} decades");
    }

    [Fact]
    public void RandomSearch_FindsAsGoodASettingAsTheGrid_WithinTwoPoints()
    {
        double random = Measured.Value.Random.Best.ValidationAccuracy;
        double grid = Measured.Value.Grid.Best.ValidationAccuracy;
        Assert.True(random >= 0.85, $"best validation accuracy of random search {random}");
        Assert.True(random >= grid - 0.02, $"best validation accuracy: random {random}, grid {grid}");
    }

    [Fact]
    public void TheBestSetting_ScoresOnTheTestDataAboutAsOnValidation()
    {
        SearchExperiment.Measurements measured = Measured.Value;
        Assert.Equal(measured.Searches.Max(s => s.Best.ValidationAccuracy), measured.Best.ValidationAccuracy);
        Assert.True(Math.Abs(measured.TestAccuracy - measured.Best.ValidationAccuracy) < 0.05, $"validation {measured.Best.ValidationAccuracy}, test {measured.TestAccuracy}");
    }
}
