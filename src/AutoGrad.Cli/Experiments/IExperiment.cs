namespace AutoGrad.Cli.Experiments;

/// <summary>
/// One lesson made runnable: a claim from the study notes, measured with the library as a user
/// would use it. <c>autograd experiment &lt;name&gt;</c> runs it and writes its figures and numbers.
/// </summary>
internal interface IExperiment
{
    /// <summary>The word on the command line, as <c>init</c>.</summary>
    string Name { get; }

    /// <summary>The claim it tests, in one sentence.</summary>
    string Claim { get; }

    /// <summary>
    /// Measures the claim and prepares the files that show it. Nothing is written here: the command
    /// writes <see cref="ExperimentResult.Files"/> only once the whole run has succeeded.
    /// </summary>
    /// <param name="options">The seed and the size.</param>
    /// <param name="progress">Told what is being done and how far along it is.</param>
    ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress);
}
