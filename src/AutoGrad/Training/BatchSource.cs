namespace AutoGrad.Training;

/// <summary>
/// Which examples each training step sees: the whole dataset, a sample drawn with replacement, or
/// shuffled epochs cut into batches. A <see cref="Trainer"/> takes one; its options pick the first
/// two (<see cref="TrainingOptions.BatchSize"/>).
/// </summary>
public abstract class BatchSource
{
    private protected BatchSource(int count, int smallestBatch)
    {
        Count = count;
        SmallestBatch = smallestBatch;
    }

    /// <summary>Examples it draws from, indices 0 to <see cref="Count"/> − 1: the dataset it serves must have as many.</summary>
    public int Count { get; }

    /// <summary>The fewest examples a batch can have (batch norm needs 2).</summary>
    public int SmallestBatch { get; }

    /// <summary>The example indices of the next step's batch.</summary>
    public abstract int[] Next();

    /// <summary>Steps in one pass over the data: 1 for the whole dataset, else ⌈count / size⌉.</summary>
    public abstract int StepsPerEpoch { get; }

    /// <summary>Every example, in order, at every step.</summary>
    /// <param name="count">Examples in the dataset; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is more than <see cref="Limits.MaxElements"/>.</exception>
    public static BatchSource Whole(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Limits.ThrowIfTooLarge(count, "The examples of a batch source", nameof(count));
        return new WholeSource(count);
    }

    /// <summary>
    /// <paramref name="size"/> examples drawn independently (with replacement) at every step, from
    /// <c>new Random(seed)</c>: what <see cref="Trainer"/> does for a <see cref="TrainingOptions.BatchSize"/>.
    /// </summary>
    /// <param name="count">Examples in the dataset; at least 1.</param>
    /// <param name="size">Examples per batch; at least 1.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="size"/> is less than 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="size"/> is more than <see cref="Limits.MaxElements"/>.</exception>
    public static BatchSource Sampled(int count, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Limits.ThrowIfTooLarge(Math.Max(count, size), "The examples of a batch source", count >= size ? nameof(count) : nameof(size));
        return new SampledSource(count, size, new Random(seed));
    }

    /// <summary>
    /// Epochs: the examples shuffled (from <c>new Random(seed)</c>) at the start of each pass and cut
    /// into batches of <paramref name="size"/>, the last one of a pass smaller when the count is not a
    /// multiple; every example is seen once per epoch.
    /// </summary>
    /// <param name="count">Examples in the dataset; at least 1.</param>
    /// <param name="size">Examples per batch; at least 1.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="size"/> is less than 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="size"/> is more than <see cref="Limits.MaxElements"/>.</exception>
    public static BatchSource Epochs(int count, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Limits.ThrowIfTooLarge(Math.Max(count, size), "The examples of a batch source", count >= size ? nameof(count) : nameof(size));
        return new EpochSource(count, size, new Random(seed));
    }

    private sealed class WholeSource(int count) : BatchSource(count, count)
    {
        public override int StepsPerEpoch => 1;

        public override int[] Next() => Enumerable.Range(0, Count).ToArray();
    }

    private sealed class SampledSource(int count, int size, Random random) : BatchSource(count, size)
    {
        public override int StepsPerEpoch => (Count + SmallestBatch - 1) / SmallestBatch;

        public override int[] Next() => Enumerable.Range(0, SmallestBatch).Select(_ => random.Next(Count)).ToArray();
    }

    private sealed class EpochSource : BatchSource
    {
        private readonly int _size;
        private readonly Random _random;
        private readonly int[] _order;
        private int _start; // a pass is shuffled when its first batch is asked for

        public EpochSource(int count, int size, Random random)
            : base(count, count % size == 0 ? Math.Min(count, size) : count % size)
        {
            _size = size;
            _random = random;
            _order = Enumerable.Range(0, count).ToArray();
            _start = count;
        }

        public override int StepsPerEpoch => (Count + _size - 1) / _size;

        public override int[] Next()
        {
            if (_start >= Count)
            {
                _random.Shuffle(_order);
                _start = 0;
            }

            int[] batch = _order[_start..Math.Min(Count, _start + _size)];
            _start += _size;
            return batch;
        }
    }
}
