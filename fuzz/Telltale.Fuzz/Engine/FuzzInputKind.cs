namespace Telltale.Fuzz.Engine;

/// <summary>The shape of a target's input, which decides how it is mutated.</summary>
public enum FuzzInputKind
{
    Binary,
    JavaScript,
    Json,
}
