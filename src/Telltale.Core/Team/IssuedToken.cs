namespace Telltale.Team;

/// <summary>A token just made, with its secret: the only time the secret exists outside its holder.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);
