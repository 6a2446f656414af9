namespace Telltale.Gateway;

/// <summary>
/// Compares what a client says it is with what else the request says: the API shape it speaks, a version header, a
/// version written in its own prompt. A disagreement proves nothing on its own (any field can be forged) but is
/// worth a log line: a client claiming an allowed version while its prompt states a banned one is exactly the lie
/// block mode invites.
/// </summary>
public static class ClientClaimCheck
{
    /// <summary>One sentence per disagreement; empty when the claims agree or there is nothing to compare.</summary>
    public static IReadOnlyList<string> Mismatches(ClientIdentity client, ApiShape shape, PromptObservation observation)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(observation);
        var mismatches = new List<string>();
        if (client.Product is { } product)
        {
            if (shape != ApiShape.Unknown && !product.Speaks.Contains(shape))
            {
                mismatches.Add($"the User-Agent names {product.Token} ({product.Package}), which sends {string.Join(" or ", product.Speaks)} requests, but this is a {shape} request");
            }

            if (product.VersionHeader is { } header && client.UserAgentVersion is { } agentVersion && client.Version is { } headerVersion
                && !string.Equals(agentVersion, headerVersion, StringComparison.OrdinalIgnoreCase))
            {
                mismatches.Add($"the User-Agent names {product.Package} {Shown(agentVersion)} but {header} says {Shown(headerVersion)}");
            }
        }

        foreach (var stated in observation.StatedVersions)
        {
            if (client.Product == stated.Product)
            {
                if (!string.Equals(ReleaseOf(client.Version), stated.Version, StringComparison.Ordinal))
                {
                    mismatches.Add($"the User-Agent names {stated.Product.Package} {Shown(client.Version ?? "(no version)")} but the prompt states {stated.Product.BodyVersionMarker}{stated.Version} ({stated.JsonPath})");
                }
            }
            else
            {
                mismatches.Add($"the prompt states {stated.Product.BodyVersionMarker}{stated.Version} ({stated.Product.Package}, {stated.JsonPath}) but the User-Agent does not name {stated.Product.Token}");
            }
        }

        return mismatches;
    }

    /// <summary>A version as the client sent it, in a log line: headers may carry any character, shown here as escapes.</summary>
    private static string Shown(string version) => Reports.ReportText.Visible(Reports.ReportText.Shorten(version, 60), multiline: false, keepTabs: false);

    /// <summary>The release part of a claimed version (<c>2.1.91</c> of <c>2.1.91-beta.1</c>), as the prompt's marker states only that.</summary>
    private static string? ReleaseOf(string? version)
    {
        if (version is null)
        {
            return null;
        }

        var end = version.IndexOfAny(['-', '+']);
        return end < 0 ? version : version[..end];
    }
}
