using System.Text;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Inventory;
using Telltale.Inventory.Lockfiles;
using Telltale.Policy;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// Reading a project's lockfile into inventory rows (<see cref="LockfileReader.Parse"/>), as <c>inventory</c> and
/// <c>check</c> do for every lockfile under <c>--path</c>. The input's first byte picks the file name, which picks
/// the format (any other name leaves it to the content); the rest is the file.
/// </summary>
internal sealed class LockfileTarget : IFuzzTarget
{
    private static readonly string[] FileNames = ["package-lock.json", "pnpm-lock.yaml", "yarn.lock", "other.txt"];

    public string Name => "lockfile";

    public string Contract =>
        "LockfileReader.Parse throws only InvalidDataException, one line starting with the file name; rows are npm lockfile packages from that file, one per name and version, in order, with plausible names and versions; problems are lines starting with the file name without control characters";

    public FuzzInputKind InputKind => FuzzInputKind.Yaml;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => LockfileSeeds.All();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var fileName = FileNames[input.IsEmpty ? 0 : input.Span[0] % FileNames.Length];
        var content = input.IsEmpty ? "" : Encoding.UTF8.GetString(input.Span[1..]);
        features.Add("name", fileName);
        MachineInventory inventory;
        try
        {
            inventory = LockfileReader.Parse(fileName, content);
        }
        catch (InvalidDataException ex)
        {
            // The class promises one line, file:line: what; not that the line is free of what the file holds.
            MessageContract.RequireOneLine("an InvalidDataException's message", ex.Message);
            MessageContract.RequireStart("an InvalidDataException's message", ex.Message, fileName);
            features.AddShape("invalid", AfterLocation(ex.Message));
            return;
        }

        features.AddMagnitude("items", inventory.Items.Count);
        features.AddMagnitude("problems", inventory.Problems.Count);
        ContractViolationException.Require(inventory.Root.Length == 0, "a parsed lockfile has a root; only Read sets one");
        foreach (var problem in inventory.Problems)
        {
            // LockfileSink: "A problem line is printed; keys come from the file, so they are … stripped of control characters."
            MessageContract.RequirePrintable("a problem line", problem);
            MessageContract.RequireStart("a problem line", problem, fileName);
            features.AddShape("problem", AfterLocation(problem));
        }

        var seen = new HashSet<(string, string?)>();
        InventoryItem? previous = null;
        foreach (var item in inventory.Items)
        {
            ContractViolationException.Require(item.Kind == InventoryItemKind.LockfilePackage && item.Ecosystem == PolicyEcosystems.Npm,
                $"a lockfile row is a {item.Kind} of {item.Ecosystem}, not an npm lockfile package");
            ContractViolationException.Require(item.Source == fileName && item.Path.StartsWith(fileName + "#", StringComparison.Ordinal),
                "a lockfile row's source is not the lockfile or its path is not the lockfile and a key");
            ContractViolationException.Require(IsPlausible(item.Name) && item.Name is not ("." or ".."),
                "a lockfile row's name is empty, blank, longer than npm allows or holds a control character");
            ContractViolationException.Require(item.Version is null || (item.Version.Length > 0 && IsPlausible(item.Version)),
                "a lockfile row's version is empty, longer than npm allows or holds a control character");
            ContractViolationException.Require(seen.Add((item.Name, item.Version)), "two lockfile rows have the same name and version");
            ContractViolationException.Require(previous is null || Order(previous, item) < 0, "lockfile rows are not in name, version, path order");
            previous = item;
        }
    }

    // What LockfileSink keeps: npm's 214-character limit, no control characters, not only white space.
    private static bool IsPlausible(string text) => !string.IsNullOrWhiteSpace(text) && text.Length <= 214 && !text.Any(char.IsControl);

    private static int Order(InventoryItem a, InventoryItem b)
    {
        var order = string.CompareOrdinal(a.Name, b.Name);
        order = order != 0 ? order : string.CompareOrdinal(a.Version, b.Version);
        return order != 0 ? order : string.CompareOrdinal(a.Path, b.Path);
    }

    /// <summary>The message after <c>file:line: </c>, whose wording says which check it was.</summary>
    private static string AfterLocation(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? message : message[(colon + 2)..];
    }
}
