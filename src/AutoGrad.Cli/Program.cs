using AutoGrad.Cli;
using Spectre.Console;

InterruptSignal.Honour(); // before the runtime's handler: Ctrl-C must reach us even if our parent ignores it
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        // The first Ctrl-C ends the job after its current step, so the progress display closes and shows the cursor again.
        e.Cancel = true;
        cancellation.Cancel();
    }
    else if (!Console.IsOutputRedirected)
    {
        Console.Out.Write("\u001b[?25h"); // a second Ctrl-C ends at once: show the cursor first
    }
};

return CliApplication.Run(args, AnsiConsole.Console, Console.Out, Console.Error, cancellation.Token);
