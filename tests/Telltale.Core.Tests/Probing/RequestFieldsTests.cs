using System.Text.Json;
using Telltale.Probing;
using static Telltale.Tests.Probing.ProbeRuns;

namespace Telltale.Tests.Probing;

public sealed class RequestFieldsTests
{
    public sealed class TheCreateMethod
    {
        private static IReadOnlyDictionary<FieldPath, string> Fields(CapturedRequest request, string? referenceBody = null)
        {
            if (referenceBody is null)
            {
                return RequestFields.Create(request, null).Values;
            }

            using var reference = JsonDocument.Parse(referenceBody);
            return RequestFields.Create(request, reference.RootElement).Values;
        }

        private static FieldPath Body(string path) => new(FieldLocation.Body, path);

        private static FieldPath Element(string path) => new(FieldLocation.Element, path);

        [Fact]
        public void Flattens_a_json_body_to_leaves_keyed_by_json_path()
        {
            var body = """
                {"system":[{"type":"text","text":"You are"}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}],
                 "max_tokens":32000,"stream":true,"tools":[],"metadata":{},"a.b":null}
                """;

            var fields = Fields(Request(0, body));

            Assert.Equal("You are", fields[Body("system[0].text")]);
            Assert.Equal("b", fields[Body("messages[0].content[1].text")]);
            Assert.Equal("32000", fields[Body("max_tokens")]);
            Assert.Equal("true", fields[Body("stream")]);
            Assert.Equal("[]", fields[Body("tools")]);
            Assert.Equal("{}", fields[Body("metadata")]);
            Assert.Equal("null", fields[Body("[\"a.b\"]")]);
        }

        [Fact]
        public void Makes_each_object_in_an_array_a_field_of_its_own_that_only_says_it_is_there()
        {
            var fields = Fields(Request(0, """{"messages":[{"role":"user","content":[{"type":"text","text":"a"}]}],"stop":["x"]}"""));

            Assert.Equal(RequestFields.Present, fields[Element("messages[0]")]);
            Assert.Equal(RequestFields.Present, fields[Element("messages[0].content[0]")]);
            Assert.Equal("x", fields[Body("stop[0]")]);
            Assert.DoesNotContain(Element("stop[0]"), fields.Keys);
        }

        [Fact]
        public void Keys_array_elements_by_their_counterparts_in_the_reference()
        {
            // The reference has a reminder before the main message; this body dropped it, so its only message is
            // the reference's second one, and its new tool has no counterpart at all.
            var reference = """
                {"messages":[{"role":"user","content":"<available-deferred-tools>"},
                             {"role":"user","content":[{"type":"text","text":"Today's date is 2026-11-23."},{"type":"text","text":"say hi"}]}],
                 "tools":[{"name":"Bash"},{"name":"Read"}]}
                """;
            var body = """
                {"messages":[{"role":"user","content":[{"type":"text","text":"Today’s date is 2026-11-23."},{"type":"text","text":"say hi"}]}],
                 "tools":[{"name":"AskUserQuestion"},{"name":"Bash"},{"name":"Read"}]}
                """;

            var fields = Fields(Request(0, body), reference);

            Assert.Equal("Today\u2019s date is 2026-11-23.", fields[Body("messages[1].content[0].text")]);
            Assert.DoesNotContain(Element("messages[0]"), fields.Keys);
            Assert.Equal("AskUserQuestion", fields[Body("tools[+0].name")]);
            Assert.Equal("Bash", fields[Body("tools[0].name")]);
            Assert.Equal("Read", fields[Body("tools[1].name")]);
        }

        [Fact]
        public void Keeps_a_body_that_is_not_json_as_one_field()
        {
            var fields = Fields(Request(0, "tz=Asia/Shanghai&lang=zh", contentType: "application/x-www-form-urlencoded"));

            Assert.Equal("tz=Asia/Shanghai&lang=zh", fields[Body("")]);
            Assert.DoesNotContain(fields.Keys, f => f.Location == FieldLocation.Body && f.Path.Length > 0);
        }

        [Fact]
        public void Compares_labelled_json_that_does_not_parse_as_text()
        {
            Assert.Equal("""{"cut": "of""", Fields(Request(0, """{"cut": "of"""))[Body("")]);
        }

        [Fact]
        public void Names_a_repeated_json_key_apart()
        {
            var fields = Fields(Request(0, """{"tz":"UTC","tz":"Asia/Shanghai"}"""));

            Assert.Equal(("UTC", "Asia/Shanghai"), (fields[Body("tz")], fields[Body("tz#2")]));
        }

        [Fact]
        public void Splits_the_query_and_leaves_out_framing_headers()
        {
            var fields = Fields(Request(
                0, "{}", path: "/v1/messages?beta=true&tz=Asia%2FShanghai", headers: [("User-Agent", "claude-cli/2.0.14")]));

            Assert.Equal("true", fields[new FieldPath(FieldLocation.Query, "beta")]);
            Assert.Equal("Asia/Shanghai", fields[new FieldPath(FieldLocation.Query, "tz")]);
            Assert.Equal("claude-cli/2.0.14", fields[new FieldPath(FieldLocation.Header, "user-agent")]);
            Assert.Equal("application/json", fields[new FieldPath(FieldLocation.Header, "content-type")]);
            Assert.DoesNotContain(new FieldPath(FieldLocation.Header, "host"), fields.Keys);
            Assert.DoesNotContain(new FieldPath(FieldLocation.Header, "content-length"), fields.Keys);
        }
    }
}
