using System.Diagnostics;
using System.Globalization;
using AutoGrad.Cli.Experiments;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// Runs one <c>autograd experiment</c>: the measurement with a live progress bar, then — only when it
/// succeeded — its files, each written atomically, and the result in one line.
/// </summary>
/// <param name="console">Where progress and the result are shown.</param>
/// <param name="output">Where the result goes: one plain line, never wrapped, so it can be read by a script.</param>
/// <param name="error">Where errors go, one line each.</param>
/// <param name="cancellation">Ctrl-C: stop at the next progress report and write nothing (<see cref="Interruptible"/>).</param>
internal sealed class ExperimentJob(IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellation)
{
    public int Run(IExperiment experiment, ExperimentOptions options, string outputFolder)
    {
        ExperimentResult? result = null;
        var clock = Stopwatch.StartNew();
        try
        {
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    ProgressTask task = context.AddTask(experiment.Name, maxValue: 1);
                    var progress = new Reporter(status =>
                    {
                        cancellation.ThrowIfCancellationRequested();
                        task.Description = $"{experiment.Name}: {status.Stage}";
                        task.Value = Math.Clamp(status.Fraction, 0, 1);
                    });
                    progress.Report(new ExperimentStatus("starting", 0));
                    // Experiments report progress between stages, seconds apart: run it so Ctrl-C need not wait for the next report.
                    result = Interruptible.Run(() => experiment.Run(options, progress), cancellation);
                    task.Description = $"{experiment.Name}: measured";
                    task.Value = 1;
                });
        }
        finally
        {
            // Spectre hides the cursor while the progress runs; whatever ended it, give the cursor back.
            console.Cursor.Show();
        }

        cancellation.ThrowIfCancellationRequested();
        string folder = Path.Combine(outputFolder, experiment.Name);
        try
        {
            Directory.CreateDirectory(folder);
            foreach (ExperimentFile file in result!.Files)
            {
                file.Save(Path.Combine(folder, file.FileName));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"could not write to --output '{outputFolder}': {e.Message}");
        }

        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{result.Files.Count} files in {folder} ({clock.Elapsed.TotalSeconds:F1} s)[/]");
        output.WriteLine(result.Summary);
        return ExitCodes.Done;
    }

    /// <summary>Reports on the calling thread (System.Progress would post to a thread pool).</summary>
    private sealed class Reporter(Action<ExperimentStatus> report) : IProgress<ExperimentStatus>
    {
        public void Report(ExperimentStatus value) => report(value);
    }
}
