using System.Text;
using static Telltale.Fuzz.Seeds.LockfileFixtures;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// Lockfile seeds: the lockfiles of <see cref="LockfileFixtures"/> (which LockfileReaderTests read too), plus the odd records,
/// alias bomb and deep nesting those tests refuse. Each input's first character picks the file name the target
/// passes (see <see cref="Targets.LockfileTarget"/>): <c>0</c> package-lock.json, <c>1</c> pnpm-lock.yaml,
/// <c>2</c> yarn.lock, <c>3</c> a name that leaves the format to the content.
/// </summary>
internal static class LockfileSeeds
{
    private const string OddRecords = """
        {
          "lockfileVersion": 3,
          "packages": {
            "node_modules/ok": { "version": "1.0.0" },
            "node_modules/not-an-object": 42,
            "node_modules/": { "version": "1.0.0" },
            "node_modules/ctl": { "name": "bad\u0007name", "version": "1.0.0" },
            "node_modules/odd name ../x": { "version": "1.0.0" },
            "node_modules/noversion": { },
            "node_modules/.": { "version": "1.0.0" },
            "node_modules/linked": { "link": true }
          },
          "dependencies": { "x": { "version": "npm:" } }
        }
        """;

    public static IEnumerable<byte[]> All()
    {
        string[] seeds =
        [
            "0" + PackageLockV1, "0" + PackageLockV2, "0" + PackageLockV3, "0" + OddRecords,
            "1" + PnpmV54, "1" + PnpmV6, "1" + PnpmV9,
            "2" + YarnClassic, "2" + YarnBerry,
            // Found by content under any other name.
            "3" + PackageLockV3, "3" + PnpmV9, "3" + YarnClassic, "3" + YarnBerry, "3hello",
            "1" + AliasBomb(), "1lockfileVersion: '9.0'\npackages:\n  a@1.0.0: " + new string('[', 300) + new string(']', 300) + "\n",
            "0{\"dependencies\":" + string.Concat(Enumerable.Repeat("{\"a\":{\"version\":\"1.0.0\",\"dependencies\":", 130)) + "{}" + new string('}', 261),
            "2# yarn lockfile v1\n\nlodash@^4.17.21\n  version \"4.17.21\"\n",
        ];
        return seeds.Select(s => Encoding.UTF8.GetBytes(s));
    }

    /// <summary>A billion-laughs shape: every level refers to the one before ten times; the reader must not follow aliases.</summary>
    private static string AliasBomb()
    {
        var yaml = new StringBuilder("lockfileVersion: '9.0'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 30; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        return yaml.Append("packages:\n  a@1.0.0: *a29\n  b@2.0.0: {}\n").ToString();
    }
}
