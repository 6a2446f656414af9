namespace Telltale.Tests.Jobs;

/// <summary>Waits for a condition the jobs bring about, with a generous deadline: a slow machine takes longer, never fails for it.</summary>
internal static class Waiting
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the last state when the deadline passes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<string>? state = null, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"gave up waiting for {what} after {(deadline ?? Deadline).TotalMinutes:0.#} minutes; {state?.Invoke() ?? ""}");
            }

            await Task.Delay(200);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, Func<string>? state = null, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, state, deadline);
}
