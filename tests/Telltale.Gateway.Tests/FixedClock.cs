namespace Telltale.Tests;

/// <summary>A clock stopped at one instant, so a policy's effective dates are judged the same on every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
