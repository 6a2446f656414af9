using Telltale.Probing.Capture;

namespace Telltale.Tests.Probing.Capture;

public sealed class SecretRedactionTests
{
    public sealed class TheIsSecretNameMethod
    {
        [Theory]
        [InlineData("authorization")]
        [InlineData("Proxy-Authorization")]
        [InlineData("x-api-key")]
        [InlineData("cookie")]
        [InlineData("set-cookie")]
        [InlineData("X-Goog-Api-Key")]
        [InlineData("x-amz-security-token")]
        [InlineData("client_secret")]
        [InlineData("KEY")]
        public void Says_yes_to_credential_names(string name) => Assert.True(SecretRedaction.IsSecretName(name));

        [Theory]
        [InlineData("user-agent")]
        [InlineData("anthropic-version")]
        [InlineData("content-type")]
        [InlineData("x-stainless-os")]
        public void Says_no_to_other_names(string name) => Assert.False(SecretRedaction.IsSecretName(name));
    }

    public sealed class TheRedactQueryMethod
    {
        [Theory]
        [InlineData("", "")]
        [InlineData("?", "?")]
        [InlineData("?beta=true", "?beta=true")]
        [InlineData("?key=abc", "?key=[redacted]")]
        [InlineData("?alt=sse&key=abc&x=1", "?alt=sse&key=[redacted]&x=1")]
        [InlineData("?access%5Ftoken=abc", "?access%5Ftoken=[redacted]")]
        [InlineData("?token", "?token")]
        [InlineData("?a=1&&b=2", "?a=1&&b=2")]
        public void Replaces_only_credential_values(string query, string expected) =>
            Assert.Equal(expected, SecretRedaction.RedactQuery(query));
    }
}
