using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmRegistryConfigTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "npmrc-fake");
    private static readonly string Home = Path.Combine(Root, "home", "user");
    private static readonly string Project = Path.Combine(Root, "work", "project");
    private static readonly string Cwd = Path.Combine(Project, "src", "deep");

    /// <summary>A file system and environment held in dictionaries, fed to <see cref="NpmRegistryConfig.Load(Func{string, string?}, Func{string, string?}, string, string?)"/>.</summary>
    private sealed class World
    {
        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        public World File(string path, string text)
        {
            Files[path] = text;
            return this;
        }

        public World Env(string name, string value)
        {
            Environment[name] = value;
            return this;
        }

        public NpmRegistryConfig Load() => NpmRegistryConfig.Load(
            name => Environment.GetValueOrDefault(name),
            path => Files.GetValueOrDefault(path),
            Cwd,
            Home);
    }

    private static string UserNpmrc => Path.Combine(Home, ".npmrc");

    private static string ProjectNpmrc => Path.Combine(Project, ".npmrc");

    public sealed class TheLoadMethod
    {
        [Fact]
        public void Defaults_to_the_public_registry() =>
            Assert.Equal(new Uri("https://registry.npmjs.org/"), new World().Load().Registry);

        [Fact]
        public void Reads_the_user_config()
        {
            var config = new World().File(UserNpmrc, "registry=https://user.example/npm/").Load();
            Assert.Equal(new Uri("https://user.example/npm/"), config.Registry);
        }

        [Fact]
        public void Prefers_the_nearest_project_config_found_upwards_over_the_user_config()
        {
            var config = new World()
                .File(UserNpmrc, "registry=https://user.example/")
                .File(ProjectNpmrc, "registry=https://project.example/")
                .File(Path.Combine(Root, ".npmrc"), "registry=https://outer.example/")
                .Load();
            Assert.Equal(new Uri("https://project.example/"), config.Registry);
        }

        [Theory]
        [InlineData("npm_config_registry")]
        [InlineData("NPM_CONFIG_REGISTRY")]
        public void Prefers_the_environment_over_any_file(string variable)
        {
            var config = new World()
                .File(UserNpmrc, "registry=https://user.example/")
                .File(ProjectNpmrc, "registry=https://project.example/")
                .Env(variable, "https://env.example/r")
                .Load();
            Assert.Equal(new Uri("https://env.example/r/"), config.Registry);
        }

        [Fact]
        public void Takes_the_user_config_named_by_NPM_CONFIG_USERCONFIG()
        {
            var other = Path.Combine(Root, "elsewhere", "npmrc");
            var config = new World()
                .File(UserNpmrc, "registry=https://home.example/")
                .File(other, "registry=https://named.example/")
                .Env("NPM_CONFIG_USERCONFIG", other)
                .Load();
            Assert.Equal(new Uri("https://named.example/"), config.Registry);
        }

        [Fact]
        public void Keeps_precedence_per_key_so_a_project_scope_survives_an_environment_registry()
        {
            var config = new World()
                .File(UserNpmrc, "@corp:registry=https://user-corp.example/\n@other:registry=https://other.example/")
                .File(ProjectNpmrc, "@corp:registry=https://project-corp.example/")
                .Env("npm_config_registry", "https://env.example/")
                .Load();

            Assert.Equal(new Uri("https://env.example/"), config.RegistryFor("left-pad"));
            Assert.Equal(new Uri("https://project-corp.example/"), config.RegistryFor("@corp/tool"));
            Assert.Equal(new Uri("https://other.example/"), config.RegistryFor("@other/tool"));
            Assert.Equal(new Uri("https://env.example/"), config.RegistryFor("@unknown/tool"));
        }

        [Fact]
        public void Expands_environment_references_in_auth_tokens()
        {
            var config = new World()
                .File(UserNpmrc, "//npm.corp.example/:_authToken=${CORP_TOKEN}\n//registry.npmjs.org/:_authToken=\"${NPM_TOKEN}\"")
                .Env("CORP_TOKEN", "s3cr3t")
                .Env("NPM_TOKEN", "pub")
                .Load();

            Assert.Equal("s3cr3t", config.AuthTokenFor(new Uri("https://npm.corp.example/@corp%2ftool")));
            Assert.Equal("s3cr3t", config.AuthTokenFor(new Uri("https://npm.corp.example/@corp/tool/-/tool-1.0.0.tgz")));
            Assert.Equal("pub", config.AuthTokenFor(new Uri("https://registry.npmjs.org/is-number")));
            Assert.Null(config.AuthTokenFor(new Uri("https://evil.example/npm.corp.example/x")));
        }

        [Fact]
        public void Matches_tokens_by_the_longest_path_prefix()
        {
            var config = new World()
                .File(UserNpmrc, "//host.example/:_authToken=root\n//host.example/teams/a/:_authToken=team-a")
                .Load();

            Assert.Equal("team-a", config.AuthTokenFor(new Uri("https://host.example/teams/a/pkg")));
            Assert.Equal("root", config.AuthTokenFor(new Uri("https://host.example/teams/b/pkg")));
            Assert.Null(config.AuthTokenFor(new Uri("https://host.example:8443/teams/a/pkg")));
        }

        [Fact]
        public void Leaves_out_a_token_whose_variable_is_unset()
        {
            var config = new World().File(UserNpmrc, "//host.example/:_authToken=${MISSING}").Load();
            Assert.Null(config.AuthTokenFor(new Uri("https://host.example/pkg")));
        }

        [Fact]
        public void Ignores_comments_sections_and_escaped_references()
        {
            var config = new World()
                .File(ProjectNpmrc, "; comment\n# registry=https://commented.example/\n  registry = 'https://spaced.example/'  \n[section]\nregistry=https://section.example/\n")
                .File(UserNpmrc, "//host.example/:_authToken=\\${LITERAL}")
                .Env("LITERAL", "expanded")
                .Load();

            Assert.Equal(new Uri("https://spaced.example/"), config.Registry);
            Assert.Null(config.AuthTokenFor(new Uri("https://host.example/pkg")));
        }

        [Fact]
        public void Refuses_a_registry_that_is_not_an_http_url()
        {
            var error = Assert.Throws<TargetException>(() => new World().File(ProjectNpmrc, "registry=file:///etc/").Load());
            Assert.Contains(ProjectNpmrc, error.Message, StringComparison.Ordinal);
        }
    }
}
