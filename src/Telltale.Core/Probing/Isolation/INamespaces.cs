using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Telltale.Probing.Isolation;

/// <summary>A network and mount namespace made ready by <see cref="NamespaceSetup"/>: one way of being inside it.</summary>
internal interface INamespaces : IDisposable
{
    /// <summary>How the namespaces were made, for the report (one phrase).</summary>
    string Description { get; }

    /// <summary>A TCP socket bound and listening inside.</summary>
    Socket Listen(IPEndPoint endpoint, int backlog);

    /// <summary>Starts a program inside; the <see cref="Process"/> is the program itself.</summary>
    Process Start(ProcessStartInfo start);
}
