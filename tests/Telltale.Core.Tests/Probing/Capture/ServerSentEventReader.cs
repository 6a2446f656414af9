using System.Text.Json;

namespace Telltale.Tests.Probing.Capture;

/// <summary>Splits a <c>text/event-stream</c> body into its events, as an SSE client would.</summary>
internal static class ServerSentEventReader
{
    public static List<(string? Event, string Data)> Parse(string stream)
    {
        var events = new List<(string?, string)>();
        foreach (var block in stream.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line["data: ".Length..]);
                }
                else
                {
                    throw new FormatException($"Not an SSE line: '{line}'");
                }
            }

            events.Add((name, string.Join('\n', data)));
        }

        return events;
    }

    public static JsonElement Json(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.Clone();
    }
}
