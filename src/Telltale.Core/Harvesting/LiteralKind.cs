namespace Telltale.Harvesting;

/// <summary>Where a harvested string came from, which decides how far it can be trusted to be text.</summary>
public enum LiteralKind
{
    /// <summary>A JavaScript string literal, value as the engine would see it (escapes applied).</summary>
    JsString,

    /// <summary>The cooked text of one part of a JavaScript template literal.</summary>
    JsTemplate,

    /// <summary>A JavaScript array of integer literals, kept as comma-joined numbers (often character codes).</summary>
    JsNumberArray,

    /// <summary>A run of printable ASCII in a binary or unparsable file.</summary>
    AsciiRun,

    /// <summary>A run of printable UTF-16LE characters in a binary file.</summary>
    Utf16Run,
}
