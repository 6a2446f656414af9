using System.Security.Cryptography;

namespace Telltale.Probing.Capture;

/// <summary>Shared pieces of the fake answers: ids, token counts, how the reply is cut into stream deltas.</summary>
internal static class ReplyText
{
    /// <summary>An id in the provider's style, marked as ours so a log line shows where the answer came from.</summary>
    public static string NewId(string prefix) => prefix + "telltale_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// The reply cut after each run of whitespace, as a model streams words; never empty, so a stream always
    /// carries at least one delta even for an empty reply.
    /// </summary>
    public static IReadOnlyList<string> Deltas(string text)
    {
        var deltas = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            var boundary = i == text.Length || (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i]));
            if (boundary)
            {
                deltas.Add(text[start..i]);
                start = i;
            }
        }

        return deltas.Count == 0 ? [string.Empty] : deltas;
    }

    /// <summary>One token a delta, at least one: what a client sums matches what it saw streamed.</summary>
    public static int OutputTokens(string text) => Math.Max(1, Deltas(text).Count);
}
