using System.Text;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// Request bodies of the three LLM API shapes, clean and carrying covert marks (look-alike apostrophes, zero-width
/// characters, tag characters, Cyrillic letters), plus legitimate non-Latin text and a few broken ones.
/// </summary>
internal static class LlmRequestSeeds
{
    private static readonly string[] Bodies =
    [
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":[{\"type\":\"text\",\"text\":\"Today\u2019s date is 2026-04-03.\"}],\"messages\":[{\"role\":\"user\",\"content\":\"p\\u0430ypal pass\u200Bword\"},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"text\",\"text\":\"hello\U000E0068\U000E0069\"}]}]}],\"tools\":[{\"name\":\"r\",\"description\":\"Reads\u202E a file\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"description\":\"Today\u02BCs path\"}}}}]}",
        "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"system\",\"content\":\"Today\u02B9s date is 2026/04/03.\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645 \U0001F469\u200D\U0001F4BB \u0915\u094D\u200D\u0937 \u4F60\u597D\uFF0C\u4E16\u754C\"}]},{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"auto\u00ADmatic\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"r\",\"description\":\"\u201Cquoted\u201D\",\"parameters\":{\"type\":\"object\"}}}]}",
        "{\"model\":\"gpt-5\",\"instructions\":\"\u041F\u0440\u0438\u0432\u0435\u0442, \u043C\u0438\u0440! Today\\u2019s\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F \u2764\uFE0F 2026\u221504\u221503\"}]},{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"\\ud83d\\ude00 \\\"x\\\"\"}],\"tools\":[{\"type\":\"function\",\"name\":\"r\",\"description\":\"d\",\"parameters\":{}}]}",
        "{\"input\":\"plain ascii only\"}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\"}]}",
        "{\"messages\":[[[[[[[[]]]]]]]]}",
        "{\"messages\":[{\"content\":\"\\ud800\"}]}",
    ];

    public static IEnumerable<byte[]> All() => Bodies.Select(Encoding.UTF8.GetBytes);
}
