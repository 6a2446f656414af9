namespace Telltale.Server.Dashboard;

/// <summary>A boundary drawn on a timeline chart: where a behaviour is first seen, or first no longer seen.</summary>
/// <param name="Kind"><c>first-with</c> or <c>first-without</c>.</param>
internal sealed record ChartMarker(string Kind, string Version, string Behaviour, double X)
{
    public string Label => Kind == FirstWith ? $"first with: {Version}" : $"first without: {Version}";

    public const string FirstWith = "first-with";

    public const string FirstWithout = "first-without";
}
