namespace AutoGrad.Compilation;

public sealed partial class CompiledGraph
{
    /// <summary>
    /// A stretch of the instruction stream: <see cref="Period"/> instructions from <see cref="Start"/>,
    /// then the same instructions again <see cref="Repeats"/> − 1 times, every array position moving by a
    /// fixed stride per repeat (a neuron applied to the next data point, a chain's next link). Generated
    /// code runs such a stretch as a loop over one body instead of writing every node out.
    /// </summary>
    /// <remarks>An interpreted stretch (long and not repeating) runs through the interpreter's loop: as straight-line code it would be as large as the graph.</remarks>
    private readonly record struct Stretch(int Start, int Period, int Repeats, bool Interpreted = false)
    {
        public int End => Start + (Period * Repeats);
    }

    /// <summary>Finds repeated stretches in an instruction stream (loop rerolling), greedily from the front.</summary>
    private sealed class RepeatFinder(Instruction[] instructions, int[] naryInputs)
    {
        // A repeat is looked for among the next few instructions shaped like the current one, no
        // further than this: enough for a layer of a small network applied to one data point.
        private const int MaxPeriod = 1024;
        private const int MaxCandidates = 64;

        // A loop must repeat at least this often and cover this many instructions to pay for itself
        // (measured: the many short loops in a pairwise tree's order ran slower than the interpreter).
        private const int MinRepeats = 8;
        private const int MinCovered = 16;

        // The search compares at most a million instructions plus this many per instruction of the
        // stream, so it stays linear in the graph's size (a large stream that does not repeat soon runs
        // out and is left as it is) and searches a small graph in full.
        private const int ComparisonsPerInstruction = 16;

        private long _comparisonsLeft = (1 << 20) + (ComparisonsPerInstruction * (long)instructions.Length);

        /// <summary>The stream cut into stretches, each repeated (a loop) or not (straight-line code), covering it in order.</summary>
        public List<Stretch> Find(Func<int, int> workOf, int maxWork)
        {
            var stretches = new List<Stretch>();
            int straightStart = 0;
            int s = 0;
            while (s < instructions.Length)
            {
                (int period, int repeats) = BestRepeatAt(s, workOf, maxWork);
                if (repeats >= MinRepeats && period * repeats >= MinCovered)
                {
                    if (straightStart < s)
                    {
                        stretches.Add(new Stretch(straightStart, s - straightStart, 1));
                    }

                    stretches.Add(new Stretch(s, period, repeats));
                    s += period * repeats;
                    straightStart = s;
                }
                else
                {
                    s++;
                }
            }

            if (straightStart < instructions.Length)
            {
                stretches.Add(new Stretch(straightStart, instructions.Length - straightStart, 1));
            }

            return stretches;
        }

        private (int Period, int Repeats) BestRepeatAt(int s, Func<int, int> workOf, int maxWork)
        {
            (int Period, int Repeats) best = (0, 0);
            if (_comparisonsLeft <= 0)
            {
                return best;
            }

            int candidates = 0;
            int work = workOf(s);
            int limit = Math.Min(instructions.Length, s + MaxPeriod + 1);
            for (int t = s + 1; t < limit && candidates < MaxCandidates && work <= maxWork && _comparisonsLeft > 0; t++)
            {
                _comparisonsLeft--;
                // A multiple of a period that repeats covers no more than it does: not tried.
                if (SameShape(s, t) && (best.Period == 0 || (t - s) % best.Period != 0))
                {
                    candidates++;
                    int period = t - s;
                    int repeats = RepeatsOf(s, period);
                    if (repeats >= MinRepeats && period * repeats > best.Period * best.Repeats)
                    {
                        best = (period, repeats);
                        if (s + (period * (repeats + 1)) > instructions.Length)
                        {
                            break; // it runs to the end of the stream: nothing covers more
                        }
                    }
                }

                work += workOf(t);
            }

            return best;
        }

        /// <summary>How many times the block [s, s + period) occurs in a row, each array position moving by its own fixed stride.</summary>
        private int RepeatsOf(int s, int period)
        {
            int repeats = 1;
            while (s + ((repeats + 1) * period) <= instructions.Length)
            {
                for (int k = s; k < s + period; k++)
                {
                    if (!Follows(k, period, repeats))
                    {
                        return repeats;
                    }
                }

                repeats++;
            }

            return repeats;
        }

        /// <summary>Whether instruction k + r·period is instruction k with every position moved by r times its stride (the stride seen at r = 1).</summary>
        private bool Follows(int k, int period, int r)
        {
            int next = k + period, at = k + (r * period);
            _comparisonsLeft--;
            if (!SameShape(k, at))
            {
                return false;
            }

            for (int j = 0; j < OperandCount(k); j++)
            {
                long stride = Operand(next, j) - (long)Operand(k, j);
                if (Operand(at, j) != Operand(k, j) + (r * stride))
                {
                    return false;
                }
            }

            return true;
        }

        private bool SameShape(int k, int t)
        {
            Instruction a = instructions[k], b = instructions[t];
            return a.Op == b.Op && a.Kind == b.Kind && a.InputCount == b.InputCount;
        }

        private int OperandCount(int k) => instructions[k].InputCount;

        /// <summary>The j-th array position instruction k reads.</summary>
        private int Operand(int k, int j) => instructions[k].Input(j, naryInputs);
    }
}
