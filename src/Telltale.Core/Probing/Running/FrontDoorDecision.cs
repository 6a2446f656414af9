using Telltale.Gateway;

namespace Telltale.Probing.Running;

/// <summary>
/// What the front door did with one request of a run: its action (<c>forwarded</c>, <c>normalised</c>, <c>refused</c>,
/// <c>blocked</c>), the status sent back, each character changed (or, observing, that would have been), the date forms
/// the prompt used, the client's date-form variation when this request showed one, and anything else it noted (a policy
/// verdict, claims that disagree, a refusal's reason).
/// </summary>
public sealed record FrontDoorDecision(
    string Method,
    string Route,
    string Action,
    int Status,
    IReadOnlyList<FieldTextChange> Changes,
    IReadOnlyList<string> DateForms,
    DateFormVariation? Variation,
    IReadOnlyList<string> Notes);
