namespace Telltale.Cli.TeamServer;

/// <summary>The team server could not be reached or refused a request; the message is one line for the terminal.</summary>
internal sealed class TeamServerException(string message, Exception? inner = null) : Exception(message, inner);
