namespace Telltale.Artifacts.Native;

/// <summary>What one file embedded in a single-file executable holds.</summary>
public enum EmbeddedContentKind
{
    /// <summary>Script source (JavaScript, TypeScript, JSON, text) in <see cref="EmbeddedFile.Encoding"/>.</summary>
    Source,

    /// <summary>Compiled code for the runtime (JSC bytecode, V8 code cache, pkg's V8 blobs): strings only.</summary>
    Bytecode,

    /// <summary>Anything else (native addons, images, wasm, compressed assets).</summary>
    Asset,
}
