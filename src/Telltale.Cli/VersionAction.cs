using System.CommandLine;
using System.CommandLine.Invocation;
using Telltale.Scanning;

namespace Telltale.Cli;

/// <summary>
/// <c>telltale --version</c>: the version every report carries (<see cref="Scanner.ToolVersion"/>), rather
/// than System.CommandLine's default, the entry assembly's, which is not telltale's when it is hosted.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Scanner.ToolVersion);
        return ExitCodes.Clean;
    }
}
