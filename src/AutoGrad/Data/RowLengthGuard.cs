using System.Globalization;

namespace AutoGrad.Data;

/// <summary>
/// Passes a CSV file's text to the parser and refuses a row longer than a limit as soon as its text
/// has been read, so a file that is one enormous line (or an unclosed quote) costs a bounded buffer
/// instead of the whole file in memory. Rows end where Sep ends them: at a line break outside
/// quotes, where "outside" means an even number of quote characters so far (an escaped quote
/// <c>""</c> counts twice, so it changes nothing). It also counts lines, for the message.
/// </summary>
internal sealed class RowLengthGuard(TextReader inner, string path, int maxRowLength) : TextReader
{
    private bool _inQuotes;
    private long _rowLength;
    private int _line = 1;
    private int _rowStartLine = 1;

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        int read = inner.Read(buffer);
        Span<char> text = buffer[..read];
        while (text.Length > 0)
        {
            int stop = text.IndexOfAny('"', '\n', '\r');
            int run = stop < 0 ? text.Length : stop + 1;
            _rowLength += run;
            if (stop >= 0)
            {
                switch (text[stop])
                {
                    case '"':
                        _inQuotes = !_inQuotes;
                        break;
                    case '\n':
                        _line++;
                        if (!_inQuotes)
                        {
                            _rowLength = 0;
                            _rowStartLine = _line;
                        }

                        break;
                    default:
                        // '\r': a line end of its own only as the first half of "\r\n", counted at the '\n'.
                        if (!_inQuotes)
                        {
                            _rowLength = 0;
                        }

                        break;
                }
            }

            if (_rowLength > maxRowLength)
            {
                throw new DataFormatException(path, _rowStartLine, null, string.Create(
                    CultureInfo.InvariantCulture,
                    $"the row is longer than {maxRowLength:N0} characters, the most a row may have{(_inQuotes ? " (a quoted field is still open: is a closing quote missing?)" : "")}."));
            }

            text = text[run..];
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
