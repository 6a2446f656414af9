namespace Telltale.Artifacts.Native;

/// <summary>Bun's loader numbers as stored in a compiled module record (Bun's <c>options.Loader</c>).</summary>
internal enum BunLoader : byte
{
    Jsx = 0,
    Js = 1,
    Ts = 2,
    Tsx = 3,
    Css = 4,
    File = 5,
    Json = 6,
    Jsonc = 7,
    Toml = 8,
    Wasm = 9,
    Napi = 10,
    Base64 = 11,
    DataUrl = 12,
    Text = 13,
    BunShell = 14,
    Sqlite = 15,
    SqliteEmbedded = 16,
    Html = 17,
    Yaml = 18,
}
