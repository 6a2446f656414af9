namespace Telltale.Rules;

/// <summary>A rule pack that cannot be read or does not make sense; the message fits on one line.</summary>
public sealed class RulePackException(string message, Exception? inner = null) : Exception(message, inner);
