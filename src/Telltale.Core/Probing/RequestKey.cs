using System.Globalization;

namespace Telltale.Probing;

/// <summary>
/// Which request of a run this is, stated so that it matches across variants: the host is left out because
/// the variant may point the tool at another host, and <see cref="Occurrence"/> (0 for the first) tells apart
/// repeated calls to the same endpoint in the order they were made.
/// </summary>
public sealed record RequestKey(string Method, string Path, int Occurrence)
{
    public override string ToString() => Occurrence == 0
        ? $"{Method} {Path}"
        : string.Create(CultureInfo.InvariantCulture, $"{Method} {Path} #{Occurrence + 1}");
}
