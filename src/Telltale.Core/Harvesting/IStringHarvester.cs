using Telltale.Artifacts;

namespace Telltale.Harvesting;

/// <summary>Pulls the strings out of one kind of entry.</summary>
public interface IStringHarvester
{
    bool CanHarvest(ArtifactEntry entry);

    IEnumerable<HarvestedLiteral> Harvest(ArtifactEntry entry, CancellationToken cancellationToken = default);
}
