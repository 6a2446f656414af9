namespace Telltale.Artifacts.Native;

internal static class BunLoaderExtensions
{
    public static bool IsJavaScriptLike(this BunLoader loader) => loader is BunLoader.Jsx or BunLoader.Js or BunLoader.Ts or BunLoader.Tsx;

    public static bool IsText(this BunLoader loader) => loader is BunLoader.Css or BunLoader.Json or BunLoader.Jsonc or BunLoader.Toml
        or BunLoader.Text or BunLoader.BunShell or BunLoader.Html or BunLoader.Yaml;
}
