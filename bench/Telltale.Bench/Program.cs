using Telltale.Bench;

// Telltale benchmarks. Each subcommand is one comparison; see BENCHMARKS.md for results and bench/run.sh for a driver.
if (args.Length == 0)
{
    return Usage();
}

return args[0] switch
{
    "xor-vs-yara" => XorVsYara.Run(args[1..]),
    "plant" => PlantCommand.Run(args[1..]),
    "behaviour" => BehaviourBench.Run(args[1..]),
    "binary-harvest" => BinaryHarvestBench.Run(args[1..]),
    "bare-kestrel" => BareKestrel.Run(args[1..]),
    "gateway-latency" => GatewayLatencyBench.Run(args[1..]),
    "gateway-rewrite" => GatewayRewriteBench.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          Telltale.Bench xor-vs-yara --file PATH [--indicators FILE] [--runs N] [--yara PATH] [--yarac PATH]
              XorSweep.Scan in-process vs `yara -C compiled.yarc -s FILE` with every indicator as
              "…" xor(1-255) ascii; checks both report the same (offset, indicator) hits.
          Telltale.Bench plant --file PATH --out PATH [--indicators FILE] [--count N] [--seed N]
              Copies a file with N indicators hidden in it under random single-byte keys (1..255).
          Telltale.Bench behaviour --file PATH [--runs N] [--acorn DIR]
              Parse + behaviour analysis of one script per phase, next to acorn's parse in node (DIR holds
              node_modules/acorn; bench/behaviour.sh installs it) and `node --check` of the same file;
              prints the behaviour trees found.
          Telltale.Bench binary-harvest --file PATH [--runs N]
              String harvest and layered decoding of a binary entry per phase, next to GNU strings
              (ASCII and UTF-16LE) on the same file.
          Telltale.Bench bare-kestrel [--listen URL]
              Kestrel answering POST /api/v1/inventories with 200 after reading the body: the floor
              bench/server-load.sh measures telltale serve against.
          Telltale.Bench gateway-latency [--rates 50,500] [--seconds 10] [--body-kb 20] [--covert yes|no]
              p50/p99 latency of requests to an in-process upstream directly and through telltale gateway
              (normalise mode) at fixed rates, JSON and streamed answers; bench/gateway-latency.sh runs it.
          Telltale.Bench gateway-rewrite [--job short|medium]
              BenchmarkDotNet: LlmRequestRewriter.Rewrite alone (mean time and bytes allocated per call) on a
              20 KB body unchanged, with ~300 look-alike apostrophes, Chinese prose, and a 2 MiB spaceless string.
        """);
    return 2;
}
