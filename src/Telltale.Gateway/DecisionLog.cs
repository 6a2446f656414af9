using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telltale.Gateway;

/// <summary>
/// The decision log file: one JSON object a line, appended and flushed per line, so a crash loses at most the line being
/// written and <c>tail -f</c> shows each decision as it is made.
/// </summary>
internal sealed class DecisionLog : IDisposable
{
    private readonly StreamWriter? _file;
    private readonly Lock _gate = new();

    public DecisionLog(string? path)
    {
        if (path is not null)
        {
            _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        }
    }

    /// <summary>Whether lines go to a file; without one, and with the console log off, no line need be made at all.</summary>
    public bool IsOpen => _file is not null;

    public static string Serialise(JsonObject decision) => decision.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public void Write(string line)
    {
        if (_file is null)
        {
            return;
        }

        lock (_gate)
        {
            _file.WriteLine(line);
        }
    }

    public void Dispose() => _file?.Dispose();
}
