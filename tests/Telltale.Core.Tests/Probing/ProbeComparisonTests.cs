using Telltale.Probing;
using static Telltale.Tests.Probing.ProbeRuns;
using static Telltale.Tests.Probing.SimulatedAgent;

namespace Telltale.Tests.Probing;

public sealed class ProbeComparisonTests
{
    public sealed class TheCompareMethod
    {
        private static readonly FieldPath Prompt = new(FieldLocation.Body, "system[1].text");
        private static readonly FieldPath Billing = new(FieldLocation.Body, "system[0].text");
        private static readonly RequestKey PostMessages = new("POST", Messages, 0);

        private static ProbeDifference Only(ProbeComparisonResult result, Func<ProbeDifference, bool> predicate) =>
            Assert.Single(result.Differences, d => predicate(d));

        [Fact]
        public void Ties_the_apostrophe_to_the_base_url_alone()
        {
            var result = ProbeComparison.Compare(FourVariants());

            var apostrophe = Only(result, d => d.Changes.Any(c => c.OldText == "'"));
            Assert.Equal(PostMessages, apostrophe.Request);
            Assert.Equal(Prompt, apostrophe.Field);
            Assert.Equal(DifferenceKind.LookAlike, apostrophe.Kind);
            Assert.Equal(["deepseek", "deepseek-shanghai"], apostrophe.Variants);
            Assert.Equal($"{BaseUrl}={DeepSeek}", apostrophe.Attribution.ToString());
            var change = Assert.Single(apostrophe.Changes);
            Assert.Equal(("'", "\u2019"), (change.OldText, change.NewText));
            Assert.Equal(["U+2019 RIGHT SINGLE QUOTATION MARK"], change.NewCodePoints);
            Assert.Equal("baseline", apostrophe.ReferenceVariant);
            Assert.Equal(SimulatedAgent.Prompt("'", "-"), apostrophe.ReferenceExcerpt);
            Assert.Equal(SimulatedAgent.Prompt("\u2019", "-"), apostrophe.VariantExcerpt);
        }

        [Fact]
        public void Ties_the_date_separators_to_the_time_zone_and_base_url_together()
        {
            var result = ProbeComparison.Compare(FourVariants());

            var date = Only(result, d => d.Changes.Any(c => c.OldText == "-"));
            Assert.Equal(Prompt, date.Field);
            Assert.Equal(DifferenceKind.Text, date.Kind);
            Assert.Equal(["deepseek-shanghai"], date.Variants);
            Assert.Equal($"{BaseUrl}={DeepSeek} ∧ {Tz}={Shanghai}", date.Attribution.ToString());
            Assert.Equal([("-", "/"), ("-", "/")], date.Changes.Select(c => (c.OldText, c.NewText)));
            Assert.Equal(2, result.Differences.Count);
        }

        [Fact]
        public void Counts_a_session_id_that_changes_between_repeats_as_noise_and_not_as_a_channel()
        {
            var result = ProbeComparison.Compare(FourVariants());

            var noise = Assert.Single(result.Noise);
            Assert.Equal(new FieldPath(FieldLocation.Body, "metadata.user_id"), noise.Field);
            Assert.Equal(["baseline", "shanghai", "deepseek", "deepseek-shanghai"], noise.UnstableVariants);
            Assert.Equal(1, result.NoiseCount);
            Assert.DoesNotContain(result.Differences, d => d.Field == noise.Field);
        }

        [Fact]
        public void Classes_a_body_hash_that_changes_with_the_prompt_as_derived()
        {
            var result = ProbeComparison.Compare(FourVariants());

            var derived = Assert.Single(result.Derived);
            Assert.Equal(Billing, derived.Field);
            Assert.Equal(DifferenceKind.Derived, derived.Kind);
            Assert.Equal(["deepseek", "deepseek-shanghai"], derived.Variants);
            var change = Assert.Single(derived.Changes);
            Assert.Equal(Cch(SimulatedAgent.Prompt("'", "-")), change.OldText);
            Assert.Equal(Cch(SimulatedAgent.Prompt("\u2019", "-")), change.NewText);
            Assert.DoesNotContain(result.Differences, d => d.Field == Billing);
        }

        [Fact]
        public void Classes_a_five_character_body_hash_in_the_width_of_the_cch_placeholder_as_derived()
        {
            string Body(string apostrophe)
            {
                var prompt = SimulatedAgent.Prompt(apostrophe, "-");
                return MessagesBody([BillingHeader(Cch(prompt)[..5]), prompt], User);
            }

            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, Body("'"))]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ => [Request(0, Body("\u2019"))]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Equal(Billing, Assert.Single(result.Derived).Field);
            Assert.Equal(Prompt, Assert.Single(result.Differences).Field);
        }

        [Fact]
        public void Never_classes_the_apostrophe_as_derived_when_it_changes_alongside_a_hash()
        {
            var result = ProbeComparison.Compare(FourVariants());

            Assert.DoesNotContain(result.Derived, d => d.Changes.Any(c => c.OldText == "'"));
            Assert.Contains(result.Differences, d => d.Kind == DifferenceKind.LookAlike && d.Changes.Any(c => c.OldText == "'"));
        }

        [Fact]
        public void Reports_a_hash_that_changes_on_its_own_as_a_channel()
        {
            // The token is the only change in its request, so nothing else can be what it hashes.
            string Body(string cch) => MessagesBody([BillingHeader(cch), "You are a coding agent."], User);
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, Body("3fa9c1d2e4b5"))]),
                .. Repeats("salted", Environment(("CCH_SALT", "1")), _ => [Request(0, Body("7b21e0aa9c44"))]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Empty(result.Derived);
            var channel = Assert.Single(result.Differences);
            Assert.Equal(Billing, channel.Field);
            Assert.Equal(DifferenceKind.Text, channel.Kind);
            Assert.Equal(("3fa9c1d2e4b5", "7b21e0aa9c44"), (channel.Changes[0].OldText, channel.Changes[0].NewText));
            Assert.Equal("CCH_SALT=1", channel.Attribution.ToString());
        }

        [Fact]
        public void Finds_nothing_when_only_the_host_differs()
        {
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, MessagesBody(["Hi."], User))]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek + "/anthropic")), _ =>
                    [Request(0, MessagesBody(["Hi."], User), path: "/anthropic" + Messages, host: "api.deepseek.com")]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Empty(result.Differences);
            Assert.Empty(result.Noise);
            Assert.Empty(result.Capacity);
            Assert.True(result.FieldsCompared > 5);
        }

        [Fact]
        public void Diffs_a_body_that_is_not_json_as_one_field()
        {
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, "tz=UTC;lang=en", path: "/collect", contentType: "text/plain")]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ =>
                    [Request(0, "tz=Asia/Shanghai;lang=en", path: "/collect", contentType: "text/plain")]),
            ];

            var difference = Assert.Single(ProbeComparison.Compare(runs).Differences);

            Assert.Equal(new RequestKey("POST", "/collect", 0), difference.Request);
            Assert.Equal(new FieldPath(FieldLocation.Body, ""), difference.Field);
            Assert.Equal("(body)", difference.Field.ToString());
            Assert.Equal("tz=UTC;lang=en", difference.ReferenceExcerpt);
            Assert.Equal("tz=Asia/Shanghai;lang=en", difference.VariantExcerpt);
            Assert.Equal($"{Tz}={Shanghai}", difference.Attribution.ToString());
        }

        [Fact]
        public void Measures_two_bits_for_four_apostrophes()
        {
            string Body(string apostrophe) => MessagesBody([$"Today{apostrophe}s date is 2026-11-23."], User);
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, Body("'"))]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ => [Request(0, Body("\u2019"))]),
                .. Repeats("moonshot", Environment((BaseUrl, "https://api.moonshot.ai")), _ => [Request(0, Body("\u02BC"))]),
                .. Repeats("zhipu", Environment((BaseUrl, "https://open.bigmodel.cn")), _ => [Request(0, Body("\u02B9"))]),
            ];

            var result = ProbeComparison.Compare(runs);

            var capacity = Assert.Single(result.Capacity);
            Assert.Equal(new FieldPath(FieldLocation.Body, "system[0].text"), capacity.Field);
            Assert.Equal(4, capacity.DistinctValues);
            Assert.Equal(2.0, capacity.Bits);
            Assert.Equal(2.0, result.TotalBits);
            Assert.Equal(3, result.Differences.Count);
            Assert.All(result.Differences, d => Assert.Equal(DifferenceKind.LookAlike, d.Kind));
            Assert.Equal(
                [$"{BaseUrl}={DeepSeek}", $"{BaseUrl}=https://api.moonshot.ai", $"{BaseUrl}=https://open.bigmodel.cn"],
                result.Differences.Select(d => d.Attribution.ToString()));
        }

        [Fact]
        public void Leaves_derived_tokens_out_of_the_capacity()
        {
            var result = ProbeComparison.Compare(FourVariants());

            // The prompt takes three values (plain, curly apostrophe, curly apostrophe and slashes); the billing
            // header changes only through its hash.
            var capacity = Assert.Single(result.Capacity);
            Assert.Equal((Prompt, 3), (capacity.Field, capacity.DistinctValues));
            Assert.Equal(Math.Log2(3), result.TotalBits, precision: 10);
        }

        [Fact]
        public void Reports_an_inserted_invisible_character_as_invisible()
        {
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, MessagesBody(["You are a coding agent."], User))]),
                .. Repeats("marked", Environment(("CI", "1")), _ => [Request(0, MessagesBody(["You are a\u200B coding agent."], User))]),
            ];

            var difference = Assert.Single(ProbeComparison.Compare(runs).Differences);

            Assert.Equal(DifferenceKind.Invisible, difference.Kind);
            Assert.Equal(@"You are a\u{200B} coding agent.", difference.VariantExcerpt);
            Assert.Equal(["U+200B ZERO WIDTH SPACE"], Assert.Single(difference.Changes).NewCodePoints);
        }

        [Fact]
        public void Reports_a_header_that_follows_a_factor()
        {
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, "{}", headers: [("x-stainless-timezone", "UTC")])]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ =>
                    [Request(0, "{}", headers: [("x-stainless-timezone", Shanghai)])]),
            ];

            var difference = Assert.Single(ProbeComparison.Compare(runs).Differences);

            Assert.Equal("header:x-stainless-timezone", difference.Field.ToString());
            Assert.Equal($"{Tz}={Shanghai}", difference.Attribution.ToString());
        }

        [Fact]
        public void Reports_a_request_only_some_variants_make_as_presence()
        {
            var telemetry = new RequestKey("POST", "/api/event_logging/batch", 0);
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, "{}")]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ =>
                    [Request(0, "{}"), Request(1, """{"event":"start"}""", path: telemetry.Path)]),
            ];

            var result = ProbeComparison.Compare(runs);

            var difference = Assert.Single(result.Differences);
            Assert.Equal((telemetry, FieldPath.Presence), (difference.Request, difference.Field));
            Assert.Equal(DifferenceKind.Presence, difference.Kind);
            Assert.Equal(("(absent)", "present"), (difference.ReferenceExcerpt, difference.VariantExcerpt));
            Assert.Equal($"{BaseUrl}={DeepSeek}", difference.Attribution.ToString());
            Assert.Equal(1.0, result.TotalBits);
        }

        [Fact]
        public void Counts_how_many_times_a_variant_calls_one_endpoint_as_noise()
        {
            // A poll whose number of calls follows timing: two repeats can agree by chance and still say nothing.
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, """{"poll":1}"""), Request(1, """{"poll":1}""")]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ =>
                    [Request(0, """{"poll":1}"""), Request(1, """{"poll":1}"""), Request(2, """{"poll":1}""")]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Empty(result.Differences);
            var count = Assert.Single(result.Noise);
            Assert.Equal((new RequestKey("POST", Messages, 2), FieldPath.Presence), (count.Request, count.Field));
        }

        [Fact]
        public void Finds_nothing_in_retries_whose_number_happens_to_follow_the_variant()
        {
            // Chance made each variant's two runs agree: the baseline never retried, the time zone's runs retried both
            // calls, one word for word and one with a fresh timestamp. Which calls a run lacks says nothing.
            const string Quota = """{"max_tokens":1,"messages":[{"role":"user","content":"quota"}]}""";
            const string Main = """{"max_tokens":512,"system":"You are terse.","messages":[{"role":"user","content":"say hi"}],"sent":1}""";
            const string MainLater = """{"max_tokens":512,"system":"You are terse.","messages":[{"role":"user","content":"say hi"}],"sent":2}""";
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, Quota), Request(1, Main)]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ =>
                    [Request(0, Quota), Request(1, Quota), Request(2, Main), Request(3, MainLater)]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Empty(result.Differences);
            Assert.Empty(result.Derived);
            Assert.Equal(2, result.Noise.Count(n => n.Field == FieldPath.Presence && n.UnstableVariants.SequenceEqual(["baseline"])));
        }

        [Fact]
        public void Reports_only_the_time_zone_a_script_sends_to_a_fixed_host_under_base_url_variants()
        {
            // The researcher's 12-line script: it posts its time zone to api.anthropic.com whatever the base URLs say.
            string Body(string tz) => $$"""{"model":"m","messages":[{"role":"user","content":"my time zone is {{tz}}"}]}""";
            var baseUrls = new[] { (BaseUrl, "https://llm.example.com"), ("OPENAI_BASE_URL", "https://llm.example.com/v1") };
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, Body("UTC"))]),
                .. Repeats("tz", Environment((Tz, Shanghai)), _ => [Request(0, Body(Shanghai))]),
                .. Repeats("base url", Environment(baseUrls), _ => [Request(0, Body("UTC"))]),
                .. Repeats("base url + tz", Environment([.. baseUrls, (Tz, Shanghai)]), _ => [Request(0, Body(Shanghai))]),
            ];

            var result = ProbeComparison.Compare(runs);

            var difference = Assert.Single(result.Differences);
            Assert.Equal(PostMessages, difference.Request);
            Assert.Equal(DifferenceKind.Text, difference.Kind);
            Assert.Equal($"{Tz}={Shanghai}", difference.Attribution.ToString());
            Assert.Empty(result.Noise);
        }

        [Fact]
        public void Reports_a_field_only_some_variants_send_as_presence()
        {
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, """{"model":"m"}""")]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ => [Request(0, """{"model":"m","region":"cn"}""")]),
            ];

            var difference = Assert.Single(ProbeComparison.Compare(runs).Differences);

            Assert.Equal(new FieldPath(FieldLocation.Body, "region"), difference.Field);
            Assert.Equal(DifferenceKind.Presence, difference.Kind);
            Assert.Equal(("(absent)", "cn"), (difference.ReferenceExcerpt, difference.VariantExcerpt));
        }

        [Fact]
        public void Compares_a_message_with_its_counterpart_when_a_variant_drops_the_one_before_it()
        {
            // As Claude Code does: with a base URL set it sends no deferred-tools reminder, so the message holding
            // the date moves from index 1 to index 0.
            const string Reminder = """{"role":"user","content":"<available-deferred-tools>\nAskUserQuestion"}""";
            string Main(string apostrophe) =>
                $$"""{"role":"user","content":[{"type":"text","text":"Today{{apostrophe}}s date is 2026-11-23."},{"type":"text","text":"say hi"}]}""";
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, $$"""{"messages":[{{Reminder}},{{Main("'")}}]}""")]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ => [Request(0, $$"""{"messages":[{{Main("\u2019")}}]}""")]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Equal(2, result.Differences.Count);
            var dropped = result.Differences[0];
            Assert.Equal((new FieldPath(FieldLocation.Element, "messages[0]"), DifferenceKind.Presence), (dropped.Field, dropped.Kind));
            Assert.Equal(Reminder, dropped.ReferenceExcerpt);
            Assert.Equal("(absent)", dropped.VariantExcerpt);
            var apostrophe = result.Differences[1];
            Assert.Equal(new FieldPath(FieldLocation.Body, "messages[1].content[0].text"), apostrophe.Field);
            Assert.Equal(DifferenceKind.LookAlike, apostrophe.Kind);
            Assert.Equal(("'", "\u2019"), (apostrophe.Changes[0].OldText, apostrophe.Changes[0].NewText));
        }

        [Fact]
        public void Reports_an_added_tool_once_and_not_leaf_by_leaf()
        {
            const string Bash = """{"name":"Bash","input_schema":{"type":"object","properties":{"command":{"type":"string"}}}}""";
            const string Ask = """{"name":"AskUserQuestion","input_schema":{"type":"object","properties":{"question":{"type":"string"}}}}""";
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, $$"""{"tools":[{{Bash}}]}""")]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ => [Request(0, $$"""{"tools":[{{Ask}},{{Bash}}]}""")]),
            ];

            var result = ProbeComparison.Compare(runs);

            var added = Assert.Single(result.Differences);
            Assert.Equal(new FieldPath(FieldLocation.Element, "tools[+0]"), added.Field);
            Assert.Equal(DifferenceKind.Presence, added.Kind);
            Assert.Equal(("(absent)", Ask), (added.ReferenceExcerpt, added.VariantExcerpt));
            Assert.Empty(added.Changes);
            Assert.Equal(1.0, result.TotalBits);
        }

        [Fact]
        public void Treats_what_only_one_run_of_a_variant_sent_as_noise()
        {
            // A telemetry flush that made it out in one repeat of two: nothing vouches for its values.
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, "{}")]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), repeat => repeat == 0
                    ? [Request(0, "{}"), Request(1, """{"events":[{"tz":"Asia/Shanghai"}]}""", path: "/api/event_logging/batch")]
                    : [Request(0, "{}")]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Empty(result.Differences);
            Assert.Contains(result.Noise, n => n.Field == FieldPath.Presence && n.Request.Path == "/api/event_logging/batch");
            Assert.Contains(result.Noise, n => n.Field == new FieldPath(FieldLocation.Body, "events[0].tz"));
        }

        [Fact]
        public void Reports_a_changed_base64_payload_as_a_channel_even_beside_other_changes()
        {
            // Base64 of {"totalMessageCount":2,...} against ...:1: encoded data, which a hash never decodes to.
            string Body(string apostrophe, string metadata) =>
                MessagesBody([$"Today{apostrophe}s date.", $"meta={metadata};"], User);
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ =>
                    [Request(0, Body("'", "eyJ0b3RhbE1lc3NhZ2VDb3VudCI6MiwiY2FjaGluZ0VuYWJsZWQiOnRydWV9"))]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ =>
                    [Request(0, Body("\u2019", "eyJ0b3RhbE1lc3NhZ2VDb3VudCI6MSwiY2FjaGluZ0VuYWJsZWQiOnRydWV9"))]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Empty(result.Derived);
            var payload = Assert.Single(result.Differences, d => d.Field == new FieldPath(FieldLocation.Body, "system[1].text"));
            Assert.Equal(DifferenceKind.Text, payload.Kind);
        }

        [Fact]
        public void Counts_fields_driven_by_one_factor_once_in_the_total()
        {
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, """{"tz":"UTC","offset":"+00:00"}""")]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ => [Request(0, """{"tz":"Asia/Shanghai","offset":"+08:00"}""")]),
            ];

            var result = ProbeComparison.Compare(runs);

            Assert.Equal(2, result.Capacity.Count);
            Assert.All(result.Capacity, c => Assert.Equal(1.0, c.Bits));
            Assert.Equal(1.0, result.TotalBits);
        }

        [Fact]
        public void Lists_the_variants_of_a_difference_no_factors_explain()
        {
            string Body(string apostrophe) => MessagesBody([$"Today{apostrophe}s date."], User);
            IReadOnlyList<ProbeRun> runs =
            [
                .. Repeats("baseline", NoFactors, _ => [Request(0, Body("'"))]),
                .. Repeats("deepseek", Environment((BaseUrl, DeepSeek)), _ => [Request(0, Body("\u2019"))]),
                .. Repeats("shanghai", Environment((Tz, Shanghai)), _ => [Request(0, Body("\u2019"))]),
                .. Repeats("deepseek-shanghai", Environment((BaseUrl, DeepSeek), (Tz, Shanghai)), _ => [Request(0, Body("'"))]),
            ];

            var difference = Assert.Single(ProbeComparison.Compare(runs).Differences);

            Assert.False(difference.Attribution.IsExplained);
            Assert.Equal(["deepseek", "shanghai"], difference.Variants);
        }

        [Fact]
        public void Compares_against_the_named_baseline()
        {
            var result = ProbeComparison.Compare(FourVariants(), baselineVariant: "deepseek");

            Assert.Equal("deepseek", result.BaselineVariant);
            var apostrophe = Only(result, d => d.Changes.Any(c => c.OldText == "\u2019"));
            Assert.Equal(["baseline", "shanghai"], apostrophe.Variants);
        }

        [Fact]
        public void Refuses_a_variant_run_only_once()
        {
            var runs = FourVariants().Where(run => run.Variant != "shanghai" || run.Repeat == 0).ToArray();

            var error = Assert.Throws<ArgumentException>(() => ProbeComparison.Compare(runs));

            Assert.Contains("'shanghai'", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_to_guess_a_baseline_when_no_variant_is_free_of_factors()
        {
            var runs = FourVariants().Where(run => run.Variant != "baseline").ToArray();

            Assert.Throws<ArgumentException>(() => ProbeComparison.Compare(runs));
        }
    }
}
