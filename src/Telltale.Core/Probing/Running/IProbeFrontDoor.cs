namespace Telltale.Probing.Running;

/// <summary>
/// Something a probe puts between the tool and its capture endpoint — the gateway — to show what the tool sends and what
/// leaves through it: the tool connects to the front door inside the probe's network, the front door forwards to the
/// capture endpoint, and reports what it did with each request. Core knows only this shape; the gateway implements it.
/// </summary>
public interface IProbeFrontDoor
{
    /// <summary>One line for the report: what stood between the tool and the upstream, in which mode.</summary>
    string Description { get; }

    /// <summary>Starts accepting on <see cref="ProbeFrontDoorSetup.Listeners"/>; disposing the result stops it.</summary>
    Task<IAsyncDisposable> StartAsync(ProbeFrontDoorSetup setup, CancellationToken cancellationToken);

    /// <summary>
    /// The decisions made since the last call, once at least <paramref name="forwarded"/> of them are for forwarded requests
    /// (each request the upstream recorded went through the front door, which records its decision when the answer has
    /// gone back); if it stops waiting first, the drain says it is incomplete.
    /// </summary>
    Task<FrontDoorDrain> DrainAsync(int forwarded, CancellationToken cancellationToken);
}
