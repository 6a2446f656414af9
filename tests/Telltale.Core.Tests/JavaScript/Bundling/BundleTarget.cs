namespace Telltale.Tests.JavaScript.Bundling;

/// <summary>A bundler and the module format of its output, as <see cref="JavaScriptBundler"/> runs it.</summary>
public enum BundleTarget
{
    /// <summary>esbuild, CommonJS output.</summary>
    EsbuildCommonJs,

    /// <summary>esbuild, ES module output.</summary>
    EsbuildModule,

    /// <summary>webpack, CommonJS output (<c>output.library.type: commonjs2</c>).</summary>
    Webpack,
}
