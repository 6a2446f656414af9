using System.Globalization;

namespace Telltale.Bench;

/// <summary>
/// <c>plant</c>: a copy of a file with indicators hidden in it under random keys 1..255, one per equal slice
/// of the file (so they do not overwrite each other), to check both tools agree when there are hits.
/// </summary>
internal static class PlantCommand
{
    public static int Run(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var input = options.Required("--file");
        var output = options.Required("--out");
        var indicators = BenchArgs.ReadIndicators(options.Get("--indicators") ?? BenchArgs.DefaultIndicators());
        var count = int.Parse(options.Get("--count") ?? "12", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(options.Get("--seed") ?? "1", CultureInfo.InvariantCulture));

        var data = File.ReadAllBytes(input);
        var slice = data.Length / Math.Max(count, 1);
        for (var i = 0; i < count; i++)
        {
            var indicator = indicators[random.Next(indicators.Length)];
            if (slice < indicator.Length)
            {
                break;
            }

            var offset = (i * slice) + random.Next(slice - indicator.Length + 1);
            var key = (byte)random.Next(1, 256);
            for (var j = 0; j < indicator.Length; j++)
            {
                data[offset + j] = (byte)(indicator[j] ^ key);
            }

            Console.WriteLine($"planted 0x{offset:x} key 0x{key:x2} {indicator}");
        }

        File.WriteAllBytes(output, data);
        return 0;
    }
}
