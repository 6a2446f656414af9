namespace Telltale.Artifacts.Native;

/// <summary>What part of an executable a <see cref="NativeRegion"/> is.</summary>
public enum NativeRegionKind
{
    /// <summary>ELF section, PE section, Mach-O section (named <c>SEGMENT,section</c>).</summary>
    Section,

    /// <summary>ELF program header (PT_LOAD, PT_NOTE…) or Mach-O segment.</summary>
    Segment,

    /// <summary>One ELF note, named by the note's name (e.g. <c>NODE_SEA_BLOB</c>); the range is its descriptor.</summary>
    Note,

    /// <summary>One PE resource, named <c>TYPE/NAME</c> (e.g. <c>RCDATA/NODE_SEA_BLOB</c>); the range is its data.</summary>
    Resource,

    /// <summary>
    /// Data a header points to that is not a section: the PE debug directory and its entries' data
    /// (<c>debug</c>, <c>debug/CodeView</c>…), the COFF symbol and string table (<c>COFF symbols</c>), and the
    /// Mach-O symbol and string tables of LC_SYMTAB (<c>symbol table</c>, <c>string table</c>).
    /// </summary>
    Table,
}
