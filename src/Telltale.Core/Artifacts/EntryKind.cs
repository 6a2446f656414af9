namespace Telltale.Artifacts;

/// <summary>What an entry holds, which decides the harvester that reads it.</summary>
public enum EntryKind
{
    Binary,
    Text,
    JavaScript,
    Json,
    Archive,
}
