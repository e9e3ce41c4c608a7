using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// An interactive <see cref="TestConsole"/> (so Spectre's progress hides the cursor, as in a real
/// terminal) that records every cursor hide and show, which <see cref="TestConsole"/> drops.
/// </summary>
internal sealed class RecordingConsole : IAnsiConsole, IAnsiConsoleCursor
{
    public RecordingConsole()
    {
        Inner.Profile.Capabilities.Interactive = true;
        Inner.Profile.Capabilities.Ansi = true;
    }

    public TestConsole Inner { get; } = new();

    public List<string> CursorEvents { get; } = [];

    public Profile Profile => Inner.Profile;

    public IAnsiConsoleCursor Cursor => this;

    public IAnsiConsoleInput Input => Inner.Input;

    public IExclusivityMode ExclusivityMode => Inner.ExclusivityMode;

    public RenderPipeline Pipeline => Inner.Pipeline;

    public void Clear(bool home) => Inner.Clear(home);

    public void Write(IRenderable renderable) => Inner.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => Inner.WriteAnsi(action);

    public void Show(bool show)
    {
        lock (CursorEvents)
        {
            CursorEvents.Add(show ? "show" : "hide"); // a test may watch the list from another thread
        }
    }

    /// <summary>Whether the cursor has been hidden (safe to ask from another thread while the command runs).</summary>
    public bool CursorWasHidden
    {
        get
        {
            lock (CursorEvents)
            {
                return CursorEvents.Contains("hide");
            }
        }
    }

    public void SetPosition(int column, int line)
    {
    }

    public void Move(CursorDirection direction, int steps)
    {
    }
}
