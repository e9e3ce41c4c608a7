using System.Globalization;

namespace AutoGrad;

/// <summary>
/// The sizes AutoGrad refuses before allocating: a size argument (a network's layers, a generated
/// dataset's count, a one-hot vector's length) that would need more numbers than this is an error,
/// not minutes of allocation ending in <see cref="OutOfMemoryException"/>. The same limit guards
/// building from arguments and loading from files.
/// </summary>
public static class Limits
{
    /// <summary>
    /// The most numbers (parameters, examples, entries) one call builds from its size arguments:
    /// ten million. Each parameter is a graph node of about 100 bytes, so a network at the limit
    /// already takes about a gigabyte, far past what a scalar engine trains in reasonable time.
    /// </summary>
    public const int MaxElements = 10_000_000;

    /// <summary>Throws unless <paramref name="count"/> is within <see cref="MaxElements"/>.</summary>
    /// <param name="count">How many numbers the call would make.</param>
    /// <param name="what">What they are, for the message ("The parameters of MLP(1000000, [1000000])").</param>
    /// <param name="parameter">The argument that asked for them.</param>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    internal static void ThrowIfTooLarge(long count, string what, string parameter)
    {
        if (count > MaxElements)
        {
            throw new ArgumentOutOfRangeException(parameter, string.Create(CultureInfo.InvariantCulture,
                $"{what} would be {count:N0} numbers, more than AutoGrad builds at once (Limits.MaxElements = {MaxElements:N0})."));
        }
    }
}
