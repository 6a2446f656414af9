namespace Telltale.Tests.Probing.Running;

/// <summary>
/// Tests that run real tools under the probe run one at a time: two CPU-bound agents side by side on a
/// 2-core machine change what the agents themselves report (time-outs in their own health checks).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProbeRunsCollection
{
    public const string Name = "Probe runs";
}
