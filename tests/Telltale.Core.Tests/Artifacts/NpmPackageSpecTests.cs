using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmPackageSpecTests
{
    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("npm:is-number", "is-number", null, "latest")]
        [InlineData("npm:is-number@7.0.0", "is-number", "7.0.0", null)]
        [InlineData("npm:is-number@v7.0.0", "is-number", "7.0.0", null)]
        [InlineData("npm:left-pad@1.0.0-beta.2+build.5", "left-pad", "1.0.0-beta.2+build.5", null)]
        [InlineData("npm:typescript@next", "typescript", null, "next")]
        [InlineData("npm:@types/node@20.11.5", "@types/node", "20.11.5", null)]
        [InlineData("npm:@scope/name", "@scope/name", null, "latest")]
        [InlineData("npm:@scope/name@beta", "@scope/name", null, "beta")]
        [InlineData("npm:JSONStream@1.3.5", "JSONStream", "1.3.5", null)]
        public void Reads_names_versions_and_tags(string text, string name, string? version, string? tag)
        {
            var spec = NpmPackageSpec.Parse(text);
            Assert.Equal((name, version, tag), (spec.Name, spec.Version, spec.Tag));
        }

        [Fact]
        public void Knows_the_scope_and_the_escaped_name()
        {
            var spec = NpmPackageSpec.Parse("npm:@scope/name@1.2.3");
            Assert.Equal("@scope", spec.Scope);
            Assert.Equal("@scope%2fname", spec.EscapedName);
            Assert.Null(NpmPackageSpec.Parse("npm:plain").Scope);
        }

        [Theory]
        [InlineData("is-number")]
        [InlineData("npm:")]
        [InlineData("npm:@scope")]
        [InlineData("npm:@scope/")]
        [InlineData("npm:is-number@")]
        [InlineData("npm:is-number@^7.0.0")]
        [InlineData("npm:is-number@7")]
        [InlineData("npm:is-number@7.x")]
        [InlineData("npm:is-number@>=1 <2")]
        [InlineData("npm:.hidden")]
        [InlineData("npm:_private")]
        [InlineData("npm:has space")]
        [InlineData("npm:../../etc/passwd")]
        [InlineData("npm:a@b@c")]
        [InlineData("npm:bad\nname")]
        public void Refuses_anything_else_with_a_one_line_TargetException(string text)
        {
            var error = Assert.Throws<TargetException>(() => NpmPackageSpec.Parse(text));
            Assert.DoesNotContain('\n', error.Message);
            Assert.NotEmpty(error.Message);
        }

        [Fact]
        public void Refuses_names_over_214_characters() =>
            Assert.Throws<TargetException>(() => NpmPackageSpec.Parse("npm:" + new string('a', 215)));
    }
}
