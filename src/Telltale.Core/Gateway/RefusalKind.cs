namespace Telltale.Gateway;

/// <summary>Why a request body was refused rather than forwarded.</summary>
public enum RefusalKind
{
    /// <summary>The body, or what it decompresses to, is over the limit (413).</summary>
    TooLarge,

    /// <summary>The body is not one well-formed JSON document (400).</summary>
    MalformedJson,

    /// <summary>Objects and arrays are nested deeper than the limit (400).</summary>
    TooDeep,

    /// <summary>The body is not valid UTF-8 (400).</summary>
    InvalidUtf8,

    /// <summary>An object has the same property twice: the upstream might read the copy the gateway did not clean (400).</summary>
    DuplicateProperty,

    /// <summary>A string escapes a lone surrogate, which is no text at all (400).</summary>
    InvalidText,

    /// <summary>A Content-Encoding the gateway cannot decode (415).</summary>
    UnsupportedEncoding,

    /// <summary>The body is not valid in the Content-Encoding it claims (400).</summary>
    CorruptEncoding,

    /// <summary>The body is longer or shorter than its Content-Length says (400).</summary>
    LengthMismatch,
}
