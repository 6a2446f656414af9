using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Tracking.History;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// <c>history --format json</c> output: a timeline (a behaviour that comes and goes, errors, deprecations, scans
/// with native executables) and a bisection, built here and written by <see cref="TimelineJsonWriter"/> so they
/// follow the writer; the bisection of PolicySuggestCommandTests as pasted JSON; and shapes the reader refuses.
/// </summary>
internal static class TimelineSeeds
{
    private static readonly string[] Handwritten =
    [
        // PolicySuggestCommandTests' bisection, shortened to three scans.
        """
        {
          "package": "@anthropic-ai/claude-code", "range": ">=2.1.80 <=2.1.330", "behaviour": "TT2001 at critical or above",
          "versionCount": 214,
          "first": { "version": "2.1.80", "publishedAt": null }, "last": { "version": "2.1.330", "publishedAt": null },
          "presentAtStart": false, "presentAtEnd": false,
          "introduced": { "version": "2.1.91", "publishedAt": null }, "lastWithout": { "version": "2.1.90", "publishedAt": null },
          "removed": { "version": "2.1.198", "publishedAt": null }, "lastWith": { "version": "2.1.197", "publishedAt": null },
          "title": "Covert channel",
          "scans": [
            { "version": "2.1.80", "publishedAt": null, "present": false, "error": null, "scan": { "sha256": "aaaa", "platform": "linux-x64", "executables": [] } },
            { "version": "2.1.150", "publishedAt": "2025-06-01T12:00:00+02:00", "present": true, "error": null, "scan": { "sha256": "cccc", "platform": "linux-x64", "executables": [ { "path": "p!/package/claude", "sha256": "5555" } ] } },
            { "version": "2.1.198", "present": null, "error": "E404" }
          ],
          "notes": []
        }
        """,
        "{}",
        "[]",
        "{\"scans\":[]}",
        "{\"package\":\"x\",\"minSeverity\":\"severe\",\"versions\":[],\"behaviours\":[]}",
        "{\"package\":\"x\",\"minSeverity\":\"high\",\"versions\":[],\"behaviours\":[{\"key\":\"k\",\"ruleId\":\"TT1\",\"title\":\"t\",\"severity\":\"low\",\"spans\":[]}]}",
        "{\"package\":\"\\ud800\",\"minSeverity\":\"high\",\"versions\":[{\"version\":\"1.0.0\",\"publishedAt\":\"9999-12-31T23:59:59-14:00\"}],\"behaviours\":[]}",
    ];

    public static IEnumerable<byte[]> All()
    {
        yield return Written(Timeline());
        yield return Written(Bisection());
        foreach (var json in Handwritten)
        {
            yield return Encoding.UTF8.GetBytes(json);
        }
    }

    private static NpmVersionInfo V(string version, int day) => new(version, new DateTimeOffset(2025, 1, day, 8, 30, 15, TimeSpan.FromHours(day % 3)).AddTicks(day * 1234), null);

    private static VersionTimeline Timeline()
    {
        var scan = new VersionScan(new string('a', 64), "linux-x64", [new ScannedExecutable("@x/cli-linux-x64@1.1.0!/package/cli", new string('b', 64))]);
        var versions = new List<TimelineVersion>
        {
            new(V("1.0.0", 1), new HashSet<string>(StringComparer.Ordinal)),
            new(V("1.1.0", 2), new HashSet<string>(StringComparer.Ordinal) { "TT2001:env", "TT1002:fetch" }) { Scan = scan },
            new(V("1.2.0", 3) with { Deprecated = "use 2.x \u202e" }, new HashSet<string>(StringComparer.Ordinal) { "TT1002:fetch" }),
            new(V("1.3.0", 4), new HashSet<string>(StringComparer.Ordinal), "could not download: 404"),
            new(new NpmVersionInfo("2.0.0-rc.1", null), new HashSet<string>(StringComparer.Ordinal) { "TT2001:env" }),
        };
        var behaviours = new List<BehaviourTimeline>
        {
            new("TT2001:env", "TT2001", "Covert channel \"env\"", Severity.Critical, [new PresenceSpan(V("1.1.0", 2), V("1.1.0", 2), V("1.2.0", 3)), new PresenceSpan(versions[4].Info, versions[4].Info, null)]),
            new("TT1002:fetch", "TT1002", "Network request", Severity.Medium, [new PresenceSpan(V("1.1.0", 2), V("1.2.0", 3), versions[4].Info)]) { PresentAtStart = false },
        };
        return new VersionTimeline("@x/cli", Severity.Medium, versions, behaviours) { Range = ">=1.0.0" };
    }

    private static BisectResult Bisection() => new()
    {
        Package = "@x/cli",
        Behaviour = "TT2001 at critical or above",
        Range = null,
        VersionCount = 5,
        First = V("1.0.0", 1),
        Last = V("2.0.0", 5),
        PresentAtStart = false,
        PresentAtEnd = null,
        Introduced = V("1.1.0", 2),
        LastWithout = V("1.0.0", 1),
        Title = "Covert channel",
        Scans =
        [
            new BisectProbe(V("1.0.0", 1), false),
            new BisectProbe(V("1.1.0", 2), true) { Scan = new VersionScan(new string('c', 64), null, []) },
            new BisectProbe(V("2.0.0", 5), null, null, "timed out"),
        ],
        Notes = ["2.0.0 could not be scanned", "tab\there"],
    };

    private static byte[] Written(VersionTimeline timeline)
    {
        var text = new StringWriter();
        TimelineJsonWriter.Write(timeline, text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Written(BisectResult bisection)
    {
        var text = new StringWriter();
        TimelineJsonWriter.Write(bisection, text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
