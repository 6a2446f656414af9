using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class EntryClassifierTests
{
    public sealed class TheClassifyMethod
    {
        [Theory]
        [InlineData("package/index.js")]
        [InlineData("lib/a.mjs")]
        [InlineData("lib/a.cjs")]
        [InlineData("src/App.jsx")]
        [InlineData("src/a.ts")]
        [InlineData("src/a.d.ts")]
        [InlineData("src/App.tsx")]
        [InlineData("src/a.mts")]
        [InlineData("src/a.cts")]
        [InlineData("LIB/UPPER.JS")]
        public void Calls_script_extensions_JavaScript(string name) =>
            Assert.Equal(EntryKind.JavaScript, EntryClassifier.Classify(name, Fixtures.Utf8("module.exports = 1;")));

        [Fact]
        public void Calls_json_files_Json() =>
            Assert.Equal(EntryKind.Json, EntryClassifier.Classify("package/package.json", Fixtures.Utf8("{\"name\":\"x\"}")));

        [Theory]
        [InlineData("#!/usr/bin/env node\nrequire('./cli')")]
        [InlineData("#!/usr/bin/env -S node --no-warnings\nx()")]
        [InlineData("#!/usr/local/bin/node\r\nx()")]
        public void Calls_extensionless_node_scripts_JavaScript(string content) =>
            Assert.Equal(EntryKind.JavaScript, EntryClassifier.Classify("package/bin/cli", Fixtures.Utf8(content)));

        [Fact]
        public void Does_not_take_other_shebangs_for_JavaScript() =>
            Assert.Equal(EntryKind.Text, EntryClassifier.Classify("bin/run", Fixtures.Utf8("#!/bin/sh\necho node\n")));

        [Fact]
        public void Ignores_a_node_shebang_when_the_file_has_an_extension() =>
            Assert.Equal(EntryKind.Text, EntryClassifier.Classify("bin/run.sh", Fixtures.Utf8("#!/usr/bin/env node\n")));

        [Fact]
        public void Calls_a_tarball_Archive_whatever_its_name() =>
            Assert.Equal(EntryKind.Archive, EntryClassifier.Classify("package/cli.js", Fixtures.TarGz(("a.js", Fixtures.Utf8("1"))).AsSpan()));

        [Fact]
        public void Calls_a_zip_Archive() =>
            Assert.Equal(EntryKind.Archive, EntryClassifier.Classify("ext.vsix", Fixtures.Zip(("a.js", Fixtures.Utf8("1"))).AsSpan()));

        [Fact]
        public void Uses_the_given_unpackers_to_decide_what_is_an_archive() =>
            Assert.Equal(EntryKind.Binary, EntryClassifier.Classify("ext.zip", Fixtures.Zip(("a.js", Fixtures.Utf8("1"))).AsSpan(), [new TarUnpacker()]));

        [Fact]
        public void Calls_utf8_without_nul_Text() =>
            Assert.Equal(EntryKind.Text, EntryClassifier.Classify("README.md", Fixtures.Utf8("# héllo ✓\n")));

        [Fact]
        public void Calls_a_nul_in_the_first_8_KB_Binary() =>
            Assert.Equal(EntryKind.Binary, EntryClassifier.Classify("data.bin", Fixtures.Utf8("abc\0def")));

        [Fact]
        public void Calls_invalid_utf8_Binary() =>
            Assert.Equal(EntryKind.Binary, EntryClassifier.Classify("image.dat", [0x41, 0xC3, 0x28, 0x41]));

        [Fact]
        public void Ignores_a_nul_past_the_first_8_KB()
        {
            var content = Fixtures.Utf8(new string('a', 9000) + "\0");
            Assert.Equal(EntryKind.Text, EntryClassifier.Classify("LICENSE", content));
        }
    }
}
