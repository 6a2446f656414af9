using System.Globalization;

namespace Telltale.Probing;

/// <summary>
/// Which request of a run this is, stated so that it matches across variants (<see cref="RequestAlignment"/>): the
/// method and the path relative to the API the tool called (the host is left out because the variant may point the
/// tool at another host), and <see cref="Occurrence"/>, which of several calls to that endpoint: the number of its
/// most alike counterpart among the calls of the first run to make them (0 for the first), numbers past those for
/// calls with no counterpart.
/// </summary>
public sealed record RequestKey(string Method, string Path, int Occurrence)
{
    public override string ToString() => Occurrence == 0
        ? $"{Method} {Path}"
        : string.Create(CultureInfo.InvariantCulture, $"{Method} {Path} #{Occurrence + 1}");
}
