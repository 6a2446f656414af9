using System.Security.Cryptography;
using System.Text;
using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class ArtifactHasherTests
{
    public sealed class TheHashFileMethod
    {
        [Fact]
        public void Gives_the_lower_case_hex_sha256()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("abc.txt", "abc");
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ArtifactHasher.HashFile(file));
        }
    }

    public sealed class TheHashDirectoryMethod
    {
        private static string Expected(params (string Path, string Content)[] files)
        {
            var lines = files
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => $"{f.Path}\0{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(f.Content)))}\n");
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines))));
        }

        [Fact]
        public void Hashes_sorted_path_and_content_hash_lines()
        {
            using var temp = new TempDirectory();
            temp.Write("b.js", "b");
            temp.Write("a/z.js", "z");
            temp.Write("a.js", "a");
            temp.Write("empty", "");

            Assert.Equal(Expected(("b.js", "b"), ("a/z.js", "z"), ("a.js", "a"), ("empty", "")), ArtifactHasher.HashDirectory(temp.Path));
        }

        [Fact]
        public void Skips_links()
        {
            using var temp = new TempDirectory();
            temp.Write("a.js", "a");
            var before = ArtifactHasher.HashDirectory(temp.Path);
            File.CreateSymbolicLink(Path.Combine(temp.Path, "link.js"), Path.Combine(temp.Path, "a.js"));

            Assert.Equal(before, ArtifactHasher.HashDirectory(temp.Path));
        }

        [Fact]
        public void Changes_when_a_file_is_renamed()
        {
            using var temp = new TempDirectory();
            temp.Write("a.js", "a");
            var before = ArtifactHasher.HashDirectory(temp.Path);
            File.Move(Path.Combine(temp.Path, "a.js"), Path.Combine(temp.Path, "b.js"));

            Assert.NotEqual(before, ArtifactHasher.HashDirectory(temp.Path));
        }
    }

    public sealed class TheHashMethod
    {
        [Fact]
        public void Picks_file_or_directory_hashing_by_what_the_path_is()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("x/a.js", "a");
            Assert.Equal(ArtifactHasher.HashFile(file), ArtifactHasher.Hash(file));
            Assert.Equal(ArtifactHasher.HashDirectory(temp.Path), ArtifactHasher.Hash(temp.Path));
        }
    }
}
