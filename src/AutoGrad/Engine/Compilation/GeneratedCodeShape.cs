namespace AutoGrad.Compilation;

/// <summary>
/// What a compiled graph's generated code is made of: how many methods run each way, how many loops
/// they hold and how many instructions run inside loops, as straight-line code, or through the
/// interpreter. Benchmarks print it; tests check that each path is taken.
/// </summary>
internal readonly record struct GeneratedCodeShape(int Methods, int Loops, int LoopedInstructions, int StraightLineInstructions, int InterpretedInstructions)
{
    public override string ToString() =>
        $"{Methods} methods each way, {Loops} loops over {LoopedInstructions} instructions, {StraightLineInstructions} straight-line, {InterpretedInstructions} interpreted";
}
