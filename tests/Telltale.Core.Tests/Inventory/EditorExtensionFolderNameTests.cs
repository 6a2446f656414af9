using Telltale.Inventory;

namespace Telltale.Tests.Inventory;

/// <summary>An extension's id and version from its folder name, for when its manifest cannot be read.</summary>
public sealed class EditorExtensionFolderNameTests
{
    [Theory]
    [InlineData("anthropic.claude-code-2.0.1", "anthropic.claude-code", "2.0.1")]
    [InlineData("anthropic.claude-code-2.0.1-linux-x64", "anthropic.claude-code", "2.0.1")]
    [InlineData("ms-python.python-2025.4.0-darwin-arm64", "ms-python.python", "2025.4.0")]
    [InlineData("github.copilot-chat-0.31.2025090401", "github.copilot-chat", "0.31.2025090401")]
    [InlineData("rust-lang.rust-analyzer-0.3.2593-alpine-x64", "rust-lang.rust-analyzer", "0.3.2593")]
    [InlineData("vendor.ext-1.0.0-beta.2", "vendor.ext", "1.0.0-beta.2")]
    [InlineData("no-version-here", "no-version-here", null)]
    [InlineData("nodot-1.2.3", "nodot-1.2.3", null)]
    public void Splits_id_version_and_platform(string folder, string id, string? version)
    {
        Assert.Equal((id, version), EditorExtensionLister.FromFolderName(folder));
    }
}
