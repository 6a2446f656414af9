using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts;

public sealed class ArtifactExpanderPathPrefixTests
{
    public sealed class TheExpandMethod
    {
        [Fact]
        public void Puts_the_prefix_before_every_path_of_an_archive_target()
        {
            using var temp = new TempDirectory();
            var inner = Fixtures.TarGz(("inner.js", Fixtures.Utf8("2")));
            var file = temp.Write("p.tgz", Fixtures.TarGz(("package/a.js", Fixtures.Utf8("1")), ("package/nested.tgz", inner)));
            using var context = new UnpackContext(ScanLimits.Default);

            var entries = ArtifactExpander.Default.Expand(file, context, "pkg-linux-x64@1.0.0").ToList();

            Assert.Equal(["pkg-linux-x64@1.0.0!/package/a.js", "pkg-linux-x64@1.0.0!/package/nested.tgz!/inner.js"], entries.Select(e => e.Path));
            Assert.Equal(["package/a.js", "inner.js"], entries.Select(e => e.Name));
            Assert.Equal([0, 1], entries.Select(e => e.Depth));
        }

        [Fact]
        public void Puts_the_prefix_before_a_single_file_target()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("tool.js", "1");

            using var context = new UnpackContext(ScanLimits.Default);

            var entry = Assert.Single(ArtifactExpander.Default.Expand(file, context, "pkg@1.0.0"));

            Assert.Equal(("pkg@1.0.0!/tool.js", "tool.js"), (entry.Path, entry.Name));
        }

        [Fact]
        public void Keeps_paths_as_they_are_without_a_prefix()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("p.tgz", Fixtures.TarGz(("package/a.js", Fixtures.Utf8("1"))));

            using var context = new UnpackContext(ScanLimits.Default);

            var entry = Assert.Single(ArtifactExpander.Default.Expand(file, context));

            Assert.Equal("package/a.js", entry.Path);
        }

        [Fact]
        public void Refuses_a_prefix_for_a_directory()
        {
            using var temp = new TempDirectory();
            using var context = new UnpackContext(ScanLimits.Default);

            Assert.Throws<ArgumentException>(() => ArtifactExpander.Default.Expand(temp.Path, context, "pkg@1.0.0"));
        }
    }
}
