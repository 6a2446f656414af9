using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmPlatformTests
{
    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("linux-x64", "linux", "x64", "glibc")]
        [InlineData("linux-x64-musl", "linux", "x64", "musl")]
        [InlineData("linux-arm64-glibc", "linux", "arm64", "glibc")]
        [InlineData("linux-arm64", "linux", "arm64", "glibc")]
        [InlineData("darwin-arm64", "darwin", "arm64", null)]
        [InlineData("win32-x64", "win32", "x64", null)]
        [InlineData(" Win32-ARM64 ", "win32", "arm64", null)]
        public void Reads_os_cpu_and_libc(string text, string os, string cpu, string? libc) =>
            Assert.Equal(new NpmPlatform(os, cpu, libc), NpmPlatform.Parse(text));

        [Theory]
        [InlineData("none")]
        [InlineData("NONE")]
        public void Reads_none_as_no_platform(string text) => Assert.Null(NpmPlatform.Parse(text));

        [Theory]
        [InlineData("", "expected OS-CPU")]
        [InlineData("linux", "expected OS-CPU")]
        [InlineData("linux-x64-musl-extra", "expected OS-CPU")]
        [InlineData("macos-arm64", "unknown OS 'macos'")]
        [InlineData("linux-amd64", "unknown CPU 'amd64'")]
        [InlineData("linux-x64-uclibc", "unknown C library 'uclibc'")]
        [InlineData("darwin-arm64-musl", "only chosen on linux")]
        public void Refuses_what_names_no_node_platform_in_one_line(string text, string expected)
        {
            var error = Assert.Throws<TargetException>(() => NpmPlatform.Parse(text));

            Assert.StartsWith($"bad --platform '{text}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    public sealed class TheToStringMethod
    {
        [Theory]
        [InlineData("linux-x64")]
        [InlineData("linux-x64-musl")]
        [InlineData("darwin-arm64")]
        [InlineData("win32-x64")]
        public void Gives_back_what_parse_reads(string text) => Assert.Equal(text, NpmPlatform.Parse(text)!.ToString());

        [Fact]
        public void Leaves_out_glibc_as_the_linux_default() => Assert.Equal("linux-arm64", new NpmPlatform("linux", "arm64", "glibc").ToString());
    }

    public sealed class TheCurrentProperty
    {
        [Fact]
        public void Is_a_platform_parse_would_accept()
        {
            var current = NpmPlatform.Current;

            Assert.Equal(current, NpmPlatform.Parse(current.ToString()));
        }

        [Fact]
        public void Names_a_libc_on_linux_only()
        {
            var current = NpmPlatform.Current;

            if (OperatingSystem.IsLinux())
            {
                var musl = Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any();
                Assert.Equal(musl ? NpmPlatform.Musl : NpmPlatform.Glibc, current.Libc);
            }
            else
            {
                Assert.Null(current.Libc);
            }
        }
    }
}
