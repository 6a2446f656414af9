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

        [Fact]
        public void Leaves_the_path_of_a_request_to_another_host_alone()
        {
            // A script that calls api.anthropic.com itself: the variant's base URLs name another host, and the
            // "/v1" of OPENAI_BASE_URL must not be taken off its "/v1/messages".
            var aligned = Assert.Single(RequestAlignment.Align(Run(
                Environment(("ANTHROPIC_BASE_URL", "https://llm.example.com"), ("OPENAI_BASE_URL", "https://llm.example.com/v1")),
                Request(0, "{}", host: "api.anthropic.com"))));

            Assert.Equal(new RequestKey("POST", Messages, 0), aligned.Key);
        }

        [Theory]
        [InlineData("/v1/messages", "/v1/messages")]
        [InlineData("/v1/chat/completions", "/v1/chat/completions")]
        [InlineData("/openai/v1/chat/completions", "/openai/v1/chat/completions")]
        public void Keeps_the_conventional_api_path_of_each_base_url_variable(string sent, string expected)
        {
            // Both variables on one host, each spelled the way its tools' default is: neither moves a request.
            var aligned = Assert.Single(RequestAlignment.Align(Run(
                Environment(("ANTHROPIC_BASE_URL", "https://llm.example.com"), ("OPENAI_BASE_URL", "https://llm.example.com/v1")),
                Request(0, "{}", path: sent, host: "llm.example.com"))));

            Assert.Equal(expected, aligned.Key.Path);
        }

        [Fact]
        public void Takes_off_only_what_a_base_url_adds_before_its_conventional_path()
        {
            var aligned = Assert.Single(RequestAlignment.Align(Run(
                Environment(("OPENAI_BASE_URL", "https://gateway.example.com/openai/v1/")),
                Request(0, "{}", path: "/openai/v1/chat/completions", host: "gateway.example.com"))));

            Assert.Equal("/v1/chat/completions", aligned.Key.Path);
        }

        [Fact]
        public void Matches_a_base_url_host_whatever_its_case_or_port()
        {
            var aligned = Assert.Single(RequestAlignment.Align(Run(
                Environment(("ANTHROPIC_BASE_URL", "https://API.DeepSeek.com:443/anthropic")),
                Request(0, "{}", path: "/anthropic/v1/messages", host: "api.deepseek.com"))));

            Assert.Equal(Messages, aligned.Key.Path);
        }
    }

    public sealed class PairingAcrossRuns
    {
        private static ProbeRun Run(params CapturedRequest[] requests) => new("v", 0, Environment(), 0, "", "", requests);

        private static readonly string Title = """{"model":"small","max_tokens":32,"messages":[{"role":"user","content":"name this conversation"}]}""";
        private static readonly string Main = """{"model":"large","max_tokens":4096,"system":"You are a helpful agent","tools":[{"name":"Read"},{"name":"Bash"}],"messages":[{"role":"user","content":"say hi"}]}""";

        [Fact]
        public void Pairs_two_calls_that_arrive_in_the_other_order_by_what_they_say()
        {
            var runs = RequestAlignment.Align([
                Run(Request(0, Main), Request(1, Title)),
                Run(Request(0, Title), Request(1, Main)),
            ]);

            Assert.Equal(runs[0].Single(r => r.Request.Body == Main).Key, runs[1].Single(r => r.Request.Body == Main).Key);
            Assert.Equal(runs[0].Single(r => r.Request.Body == Title).Key, runs[1].Single(r => r.Request.Body == Title).Key);
            Assert.NotEqual(runs[1][0].Key, runs[1][1].Key);
        }

        [Fact]
        public void Keeps_the_pairing_of_later_calls_when_a_retry_comes_first()
        {
            var runs = RequestAlignment.Align([
                Run(Request(0, Main), Request(1, Title)),
                Run(Request(0, Main), Request(1, Main), Request(2, Title)),
            ]);

            Assert.Equal(runs[0][1].Key, runs[1][2].Key);
            Assert.Equal(new RequestKey("POST", Messages, 2), runs[1][1].Key);
        }

        [Fact]
        public void Pairs_a_changed_call_with_its_counterpart()
        {
            var changed = Main.Replace("helpful", "help’ful", StringComparison.Ordinal);
            var runs = RequestAlignment.Align([
                Run(Request(0, Title), Request(1, Main)),
                Run(Request(0, changed), Request(1, Title)),
            ]);

            Assert.Equal(new RequestKey("POST", Messages, 1), runs[1][0].Key);
            Assert.Equal(new RequestKey("POST", Messages, 0), runs[1][1].Key);
        }

        [Fact]
        public void Pairs_in_order_past_the_scoring_bound()
        {
            var many = Enumerable.Range(0, 60).Select(i => Request(i, "{\"n\":" + (59 - i) + "}")).ToArray();
            var reversed = Enumerable.Range(0, 60).Select(i => Request(i, "{\"n\":" + i + "}")).ToArray();
            Assert.True(60 * 60 > RequestAlignment.MaxScoredPairs);

            var runs = RequestAlignment.Align([Run(many), Run(reversed)]);

            Assert.Equal(Enumerable.Range(0, 60), runs[1].Select(r => r.Key.Occurrence));
        }
    }
}
