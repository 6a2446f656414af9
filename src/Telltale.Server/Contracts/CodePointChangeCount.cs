namespace Telltale.Server.Contracts;

/// <summary>How many times one code point was changed into another (<c>U+2019→U+0027</c>), or removed (<c>U+200B→removed</c>).</summary>
internal sealed record CodePointChangeCount(string Pair, long Count);
