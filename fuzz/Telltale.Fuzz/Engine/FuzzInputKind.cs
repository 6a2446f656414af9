namespace Telltale.Fuzz.Engine;

/// <summary>The shape of a target's input, which decides how it is mutated.</summary>
public enum FuzzInputKind
{
    Binary,
    JavaScript,
    Json,

    /// <summary>YAML and other text whose lines and indentation carry structure (policies, lockfiles).</summary>
    Yaml,
}
