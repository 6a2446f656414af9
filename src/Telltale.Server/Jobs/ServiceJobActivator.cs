using Hangfire;

namespace Telltale.Server.Jobs;

/// <summary>Makes job objects from this server's container, so two servers in one process (tests) never share a job's services.</summary>
internal sealed class ServiceJobActivator(IServiceProvider services) : JobActivator
{
    public override object ActivateJob(Type jobType) => ActivatorUtilities.GetServiceOrCreateInstance(services, jobType);
}
