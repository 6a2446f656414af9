using Telltale.Inventory;
using Telltale.Inventory.Lockfiles;
using static Telltale.Fuzz.Seeds.LockfileFixtures;

namespace Telltale.Tests.Inventory.Lockfiles;

public sealed class LockfileReaderTests
{
    [Fact]
    public void Package_lock_v1_reads_nested_dependencies_and_aliases()
    {
        MachineInventory inventory = LockfileReader.Parse("package-lock.json", PackageLockV1);

        Assert.Equal(
            [
                ("@anthropic-ai/claude-code", "2.1.100"), ("@types/node", "20.11.0"), ("debug", "2.6.9"), ("debug", "4.3.4"),
                ("express", "4.18.2"), ("lodash", "4.17.20"), ("ms", "2.0.0"), ("ms", "2.1.2"), ("ms", "2.1.3"),
            ],
            Pairs(inventory));
        Assert.Equal("package-lock.json#node_modules/express/node_modules/debug/node_modules/ms", Item(inventory, "ms", "2.0.0").Path);
        Assert.Empty(inventory.Problems);
    }

    [Fact]
    public void Package_lock_v3_reads_packages_skipping_root_links_and_workspace_folders()
    {
        MachineInventory inventory = LockfileReader.Parse("package-lock.json", PackageLockV3);

        Assert.Equal(
            [("@anthropic-ai/claude-code", "2.1.150"), ("debug", "4.3.4"), ("lodash", "4.17.20"), ("ms", "2.1.2"), ("ms", "2.1.3"), ("react", "18.2.0")],
            Pairs(inventory));
        InventoryItem ms = Item(inventory, "ms", "2.1.3");
        Assert.Equal("package-lock.json#node_modules/ms", ms.Path);
        Assert.Equal(InventoryItemKind.LockfilePackage, ms.Kind);
        Assert.Equal("npm", ms.Ecosystem);
        Assert.Equal("package-lock.json", ms.Source);
        Assert.Equal("package-lock.json#node_modules/debug/node_modules/ms", Item(inventory, "ms", "2.1.2").Path);
        Assert.Equal("package-lock.json#packages/ui/node_modules/react", Item(inventory, "react", "18.2.0").Path);
    }

    [Fact]
    public void Package_lock_v2_reads_the_packages_section_only()
    {
        Assert.Equal([("left-pad", "1.3.0")], Pairs(LockfileReader.Parse("package-lock.json", PackageLockV2)));
    }

    [Fact]
    public void Pnpm_5_keys_are_paths_with_underscore_peers()
    {
        MachineInventory inventory = LockfileReader.Parse("pnpm-lock.yaml", PnpmV54);

        Assert.Equal(
            [("@emotion/react", "11.10.0"), ("@types/react", "18.0.0"), ("acme-tool", "0.3.0"), ("loose-envify", "1.4.0"), ("react", "18.2.0")],
            Pairs(inventory));
        Assert.Equal("pnpm-lock.yaml#packages//@emotion/react/11.10.0_react@18.2.0", Item(inventory, "@emotion/react", "11.10.0").Path);
    }

    [Fact]
    public void Pnpm_6_keys_have_parenthesised_peers()
    {
        Assert.Equal(
            [("@emotion/react", "11.10.0"), ("js-tokens", "4.0.0"), ("react", "18.2.0")],
            Pairs(LockfileReader.Parse("pnpm-lock.yaml", PnpmV6)));
    }

    [Fact]
    public void Pnpm_9_reads_packages_and_snapshots()
    {
        MachineInventory inventory = LockfileReader.Parse("pnpm-lock.yaml", PnpmV9);

        Assert.Equal(
            [("@anthropic-ai/claude-code", "2.1.150"), ("react", "18.2.0"), ("react-dom", "18.2.0"), ("scheduler", "0.23.0")],
            Pairs(inventory));
        Assert.Equal("pnpm-lock.yaml#packages/react-dom@18.2.0", Item(inventory, "react-dom", "18.2.0").Path);
        Assert.Equal("pnpm-lock.yaml#snapshots/scheduler@0.23.0", Item(inventory, "scheduler", "0.23.0").Path);
    }

    [Fact]
    public void Yarn_classic_reads_headers_versions_and_aliases()
    {
        MachineInventory inventory = LockfileReader.Parse("yarn.lock", YarnClassic);

        Assert.Equal(
            [("@anthropic-ai/claude-code", "2.1.120"), ("@babel/code-frame", "7.12.13"), ("lodash", "4.17.20"), ("lodash", "4.17.21"), ("ms", "2.1.2")],
            Pairs(inventory));
        Assert.Equal("yarn.lock#@babel/code-frame@^7.0.0", Item(inventory, "@babel/code-frame", "7.12.13").Path);
        Assert.Equal(["yarn.lock:30: skipped 'broken@^1.0.0': no version"], inventory.Problems);
    }

    [Fact]
    public void Yarn_berry_reads_resolutions()
    {
        MachineInventory inventory = LockfileReader.Parse("yarn.lock", YarnBerry);

        Assert.Equal(
            [("@anthropic-ai/claude-code", "2.1.197"), ("lodash", "4.17.20"), ("lodash", "4.17.21"), ("resolve", "1.22.8"), ("tool", "0.3.0")],
            Pairs(inventory));
        Assert.Equal("yarn.lock#@anthropic-ai/claude-code@npm:^2.1.91", Item(inventory, "@anthropic-ai/claude-code", "2.1.197").Path);
        Assert.Empty(inventory.Problems);
    }

    [Theory]
    [InlineData("shrinkwrap.txt", PackageLockV3, 6)]
    [InlineData("lock.yaml", PnpmV9, 4)]
    [InlineData("my.lock", YarnClassic, 5)]
    [InlineData("other.lock", YarnBerry, 5)]
    public void Format_is_found_by_content_for_other_names(string name, string content, int count)
    {
        Assert.Equal(count, LockfileReader.Parse(name, content).Items.Count);
    }

    [Fact]
    public void Read_takes_the_file_name_as_source_and_its_directory_as_root()
    {
        string directory = Directory.CreateTempSubdirectory("telltale-lock-").FullName;
        try
        {
            string path = Path.Combine(directory, "pnpm-lock.yaml");
            File.WriteAllText(path, PnpmV6);

            MachineInventory inventory = LockfileReader.Read(path);

            Assert.Equal(directory, inventory.Root);
            Assert.All(inventory.Items, i => Assert.Equal("pnpm-lock.yaml", i.Source));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("package-lock.json", "{\n  \"packages\": {\n    \"node_modules/a\": { \"version\": \"1.0.0\" },,\n  }\n}", "package-lock.json:3: not valid JSON")]
    [InlineData("package-lock.json", "[1, 2]", "package-lock.json: the top level is not a JSON object.")]
    [InlineData("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {\n  b: [\n", "pnpm-lock.yaml:")]
    [InlineData("pnpm-lock.yaml", "- just\n- a list\n", "pnpm-lock.yaml: the top level is not a YAML mapping.")]
    [InlineData("yarn.lock", "# yarn lockfile v1\n\nlodash@^4.17.21\n  version \"4.17.21\"\n", "yarn.lock:3: expected a record header ending in ':'.")]
    [InlineData("notes.txt", "hello", "notes.txt: not a package-lock.json, pnpm-lock.yaml or yarn.lock.")]
    public void Broken_files_fail_with_one_line_naming_the_file_and_line(string name, string content, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => LockfileReader.Parse(name, content));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_recursed()
    {
        string json = "{\"dependencies\":" + string.Concat(Enumerable.Repeat("{\"a\":{\"version\":\"1.0.0\",\"dependencies\":", 5000)) + "{}" + new string('}', 10000) + "}";
        string yaml = "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => LockfileReader.Parse("package-lock.json", json)).Message, StringComparison.Ordinal);
        Assert.Contains("nested more than", Assert.Throws<InvalidDataException>(() => LockfileReader.Parse("pnpm-lock.yaml", yaml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_read()
    {
        string path = Path.Combine(Path.GetTempPath(), "telltale-big-" + Guid.NewGuid().ToString("N"), "package-lock.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using (FileStream file = File.Create(path))
            {
                // Sparse where the file system allows: 100 MB of length without writing 100 MB.
                file.SetLength(100L * 1024 * 1024);
            }

            var error = Assert.Throws<InvalidDataException>(() => LockfileReader.Read(path));

            Assert.Equal($"package-lock.json: 104857600 bytes, more than the {LockfileReader.MaxFileBytes} bytes a lockfile may have.", error.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Odd_records_are_skipped_and_named_once()
    {
        const string json = """
            {
              "lockfileVersion": 3,
              "packages": {
                "node_modules/ok": { "version": "1.0.0" },
                "node_modules/not-an-object": 42,
                "node_modules/": { "version": "1.0.0" },
                "node_modules/ctl": { "name": "bad\u0007name", "version": "1.0.0" },
                "node_modules/odd name ../x": { "version": "1.0.0" },
                "node_modules/noversion": { }
              }
            }
            """;

        MachineInventory inventory = LockfileReader.Parse("package-lock.json", json);

        Assert.Equal([("noversion", null), ("odd name ../x", "1.0.0"), ("ok", "1.0.0")], inventory.Items.Select(i => (i.Name, i.Version)));
        Assert.Equal(3, inventory.Problems.Count);
        Assert.All(inventory.Problems, p => Assert.StartsWith("package-lock.json: skipped 'node_modules/", p, StringComparison.Ordinal));
        Assert.All(inventory.Problems, p => Assert.DoesNotContain('\u0007', p));
    }

    [Fact]
    public void Yaml_aliases_are_not_followed()
    {
        // A billion-laughs shape: every level refers to the one before ten times.
        var yaml = new System.Text.StringBuilder("lockfileVersion: '9.0'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        yaml.Append("packages:\n  a@1.0.0: *a29\n  b@2.0.0: {}\n");

        Assert.Equal([("b", "2.0.0")], Pairs(LockfileReader.Parse("pnpm-lock.yaml", yaml.ToString())));
    }

    [Theory]
    [InlineData("package-lock.json", PackageLockV1)]
    [InlineData("package-lock.json", PackageLockV3)]
    [InlineData("pnpm-lock.yaml", PnpmV54)]
    [InlineData("pnpm-lock.yaml", PnpmV9)]
    [InlineData("yarn.lock", YarnClassic)]
    [InlineData("yarn.lock", YarnBerry)]
    public void Mutated_files_parse_or_fail_with_invalid_data_only(string name, string content)
    {
        // Seeded, so a failure reproduces: cut, duplicate or replace a few characters with ones that matter to the formats.
        var random = new Random(20260710);
        const string Specials = "{}[]:,\"'\n\t@/_()#&*!|>-? \u0000\u202E";
        for (int i = 0; i < 500; i++)
        {
            var text = new System.Text.StringBuilder(content);
            for (int edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at)); break;
                    case 1: text.Insert(at, text.ToString(at, Math.Min(random.Next(1, 40), text.Length - at))); break;
                    default: text[at] = Specials[random.Next(Specials.Length)]; break;
                }
            }

            try
            {
                MachineInventory inventory = LockfileReader.Parse(name, text.ToString());
                Assert.All(inventory.Items, item => Assert.False(string.IsNullOrWhiteSpace(item.Name)));
            }
            catch (InvalidDataException error)
            {
                Assert.DoesNotContain('\n', error.Message);
            }
        }
    }

    private static List<(string Name, string? Version)> Pairs(MachineInventory inventory) =>
        [.. inventory.Items.Select(i => (i.Name, i.Version))];

    private static InventoryItem Item(MachineInventory inventory, string name, string version) =>
        inventory.Items.Single(i => i.Name == name && i.Version == version);
}
