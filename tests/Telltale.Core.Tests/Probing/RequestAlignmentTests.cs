using Telltale.Probing;
using static Telltale.Tests.Probing.ProbeRuns;

namespace Telltale.Tests.Probing;

public sealed class RequestAlignmentTests
{
    public sealed class TheAlignMethod
    {
        private static ProbeRun Run(IReadOnlyDictionary<string, string> environment, params CapturedRequest[] requests) =>
            new("v", 0, environment, 0, "", "", requests);

        [Fact]
        public void Keys_requests_by_method_path_and_occurrence_but_not_host()
        {
            var anthropic = RequestAlignment.Align(Run(
                Environment(),
                Request(0, "{}", host: "api.anthropic.com"),
                Request(1, "{}", path: "/v1/messages/count_tokens"),
                Request(2, "{}", host: "api.anthropic.com")));
            var deepseek = RequestAlignment.Align(Run(
                Environment(("ANTHROPIC_BASE_URL", "https://api.deepseek.com")),
                Request(0, "{}", host: "api.deepseek.com"),
                Request(1, "{}", path: "/v1/messages/count_tokens", host: "api.deepseek.com"),
                Request(2, "{}", host: "api.deepseek.com")));

            RequestKey[] expected =
            [
                new("POST", Messages, 0),
                new("POST", "/v1/messages/count_tokens", 0),
                new("POST", Messages, 1),
            ];
            Assert.Equal(expected, anthropic.Select(r => r.Key));
            Assert.Equal(expected, deepseek.Select(r => r.Key));
        }

        [Fact]
        public void Orders_requests_by_sequence_not_by_list_position()
        {
            var aligned = RequestAlignment.Align(Run(
                Environment(),
                Request(1, """{"n":"second"}"""),
                Request(0, """{"n":"first"}""")));

            Assert.Equal("""{"n":"first"}""", aligned[0].Request.Body);
            Assert.Equal(1, aligned[1].Key.Occurrence);
        }

        [Fact]
        public void Strips_the_path_of_a_base_url_set_by_the_variant()
        {
            var aligned = Assert.Single(RequestAlignment.Align(Run(
                Environment(("ANTHROPIC_BASE_URL", "https://api.deepseek.com/anthropic/")),
                Request(0, "{}", path: "/anthropic/v1/messages?beta=true", host: "api.deepseek.com"))));

            Assert.Equal(new RequestKey("POST", Messages, 0), aligned.Key);
        }
    }
}
