using System.Text.Json;
using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmPlatformRequirementsTests
{
    private static readonly NpmPlatform LinuxGlibc = new("linux", "x64", "glibc");
    private static readonly NpmPlatform LinuxMusl = new("linux", "x64", "musl");
    private static readonly NpmPlatform DarwinArm = new("darwin", "arm64", null);
    private static readonly NpmPlatform WindowsX64 = new("win32", "x64", null);

    private static NpmPlatformRequirements Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return NpmPlatformRequirements.FromManifest(document.RootElement);
    }

    public sealed class TheAcceptsMethod
    {
        [Fact]
        public void Accepts_everything_when_a_field_is_missing()
        {
            var any = Read("{}");

            Assert.All([LinuxGlibc, LinuxMusl, DarwinArm, WindowsX64], p => Assert.True(any.Accepts(p)));
            Assert.True(Read("""{"os":["linux"]}""").Accepts(new NpmPlatform("linux", "riscv64", "musl")));
        }

        [Fact]
        public void Accepts_only_the_listed_values()
        {
            var linuxX64 = Read("""{"os":["linux"],"cpu":["x64"]}""");

            Assert.True(linuxX64.Accepts(LinuxGlibc));
            Assert.True(linuxX64.Accepts(LinuxMusl));
            Assert.False(linuxX64.Accepts(DarwinArm));
            Assert.False(linuxX64.Accepts(new NpmPlatform("linux", "arm64", "glibc")));
        }

        [Fact]
        public void Refuses_a_negated_value_and_accepts_the_rest_when_the_list_is_only_negations()
        {
            var notWindows = Read("""{"os":["!win32"]}""");

            Assert.False(notWindows.Accepts(WindowsX64));
            Assert.True(notWindows.Accepts(LinuxGlibc));
            Assert.True(notWindows.Accepts(DarwinArm));
        }

        [Fact]
        public void Needs_a_positive_match_when_the_list_mixes_values_and_negations()
        {
            var mixed = Read("""{"os":["linux","!darwin"]}""");

            Assert.True(mixed.Accepts(LinuxGlibc));
            Assert.False(mixed.Accepts(DarwinArm));
            Assert.False(mixed.Accepts(WindowsX64));
        }

        [Fact]
        public void Tells_glibc_from_musl()
        {
            var glibc = Read("""{"os":["linux"],"cpu":["x64"],"libc":["glibc"]}""");
            var musl = Read("""{"os":["linux"],"cpu":["x64"],"libc":["musl"]}""");

            Assert.True(glibc.Accepts(LinuxGlibc));
            Assert.False(glibc.Accepts(LinuxMusl));
            Assert.True(musl.Accepts(LinuxMusl));
            Assert.False(musl.Accepts(LinuxGlibc));
            Assert.True(Read("""{"libc":["!musl"]}""").Accepts(LinuxGlibc));
        }

        [Fact]
        public void Refuses_any_libc_requirement_off_linux_as_npm_does()
        {
            Assert.False(Read("""{"libc":["!musl"]}""").Accepts(DarwinArm));
            Assert.False(Read("""{"libc":["glibc"]}""").Accepts(new NpmPlatform("linux", "x64", null)));
        }

        [Fact]
        public void Reads_a_single_string_and_the_any_shorthand()
        {
            Assert.True(Read("""{"os":"linux"}""").Accepts(LinuxGlibc));
            Assert.False(Read("""{"os":"linux"}""").Accepts(WindowsX64));
            Assert.True(Read("""{"cpu":["any"]}""").Accepts(DarwinArm));
        }
    }

    public sealed class TheIsPlatformSpecificProperty
    {
        [Theory]
        [InlineData("""{"os":["linux"]}""", true)]
        [InlineData("""{"cpu":["arm64"]}""", true)]
        [InlineData("""{"os":["darwin"],"cpu":["arm64"],"libc":null}""", true)]
        [InlineData("""{}""", false)]
        [InlineData("""{"libc":["glibc"]}""", false)]
        [InlineData("""{"os":[]}""", false)]
        public void Needs_an_os_or_a_cpu(string manifest, bool expected) => Assert.Equal(expected, Read(manifest).IsPlatformSpecific);
    }
}
