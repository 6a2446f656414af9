using System.Text;

namespace Telltale.Cli.Rendering;

/// <summary>
/// A writer for plain-text lines made elsewhere (the watcher's alerts and log) that passes each line
/// through <see cref="TerminalText.Line"/>: line ends go through, everything else a terminal would act
/// on is shown as an escape. Writes arrive in pieces, so a surrogate pair split between two of them is
/// held until its second half comes.
/// </summary>
internal sealed class TerminalTextWriter(TextWriter inner) : TextWriter
{
    private readonly Lock _gate = new();
    private char? _pendingHighSurrogate;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            var text = new StringBuilder(buffer.Length + 1);
            if (_pendingHighSurrogate is { } high)
            {
                text.Append(high);
                _pendingHighSurrogate = null;
            }

            text.Append(buffer);
            if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
            {
                _pendingHighSurrogate = text[^1];
                text.Length--;
            }

            var lines = text.ToString().Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    inner.Write('\n');
                }

                inner.Write(TerminalText.Line(lines[i]));
            }
        }
    }

    public override void WriteLine()
    {
        lock (_gate)
        {
            FlushPendingSurrogate();
            inner.WriteLine();
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            Write(value);
            WriteLine();
        }
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Write(buffer.Span);
            WriteLine();
        }

        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (_gate)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    // A high surrogate with nothing after it is a lone surrogate: shown as its escape.
    private void FlushPendingSurrogate()
    {
        if (_pendingHighSurrogate is { } high)
        {
            _pendingHighSurrogate = null;
            inner.Write(TerminalText.Line(high.ToString()));
        }
    }
}
