namespace Telltale.Fuzz.Seeds;

/// <summary>
/// Small real-looking lockfiles of every format the readers take (package-lock.json v1 to v3, pnpm-lock.yaml 5.4,
/// 6.0 and 9.0, yarn.lock classic and berry): the fuzzer's seeds and the reader tests' fixtures, kept in one place.
/// </summary>
public static class LockfileFixtures
{
    public const string PackageLockV1 = """
        {
          "name": "app",
          "version": "1.0.0",
          "lockfileVersion": 1,
          "requires": true,
          "dependencies": {
            "@anthropic-ai/claude-code": {
              "version": "2.1.100",
              "resolved": "https://registry.npmjs.org/@anthropic-ai/claude-code/-/claude-code-2.1.100.tgz",
              "integrity": "sha512-AAAA"
            },
            "debug": {
              "version": "4.3.4",
              "requires": { "ms": "2.1.2" },
              "dependencies": {
                "ms": { "version": "2.1.2" }
              }
            },
            "ms": { "version": "2.1.3" },
            "old-lodash": { "version": "npm:lodash@4.17.20" },
            "scoped-alias": { "version": "npm:@types/node@20.11.0" },
            "local": { "version": "file:../local" },
            "express": {
              "version": "4.18.2",
              "dependencies": {
                "debug": {
                  "version": "2.6.9",
                  "dependencies": { "ms": { "version": "2.0.0" } }
                }
              }
            }
          }
        }
        """;

    public const string PackageLockV3 = """
        {
          "name": "app",
          "version": "1.0.0",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": { "name": "app", "version": "1.0.0", "workspaces": ["packages/*"] },
            "node_modules/@anthropic-ai/claude-code": { "version": "2.1.150", "resolved": "https://registry.npmjs.org/@anthropic-ai/claude-code/-/claude-code-2.1.150.tgz" },
            "node_modules/debug": { "version": "4.3.4", "dependencies": { "ms": "2.1.2" } },
            "node_modules/debug/node_modules/ms": { "version": "2.1.2" },
            "node_modules/ms": { "version": "2.1.3" },
            "node_modules/express/node_modules/ms": { "version": "2.1.3" },
            "node_modules/old-lodash": { "name": "lodash", "version": "4.17.20" },
            "node_modules/@acme/ui": { "resolved": "packages/ui", "link": true },
            "packages/ui": { "name": "@acme/ui", "version": "0.1.0" },
            "packages/ui/node_modules/react": { "version": "18.2.0" }
          }
        }
        """;

    // Version 2 keeps both shapes; packages is the one read.
    public const string PackageLockV2 = """
        {
          "name": "app",
          "lockfileVersion": 2,
          "packages": {
            "": { "name": "app" },
            "node_modules/left-pad": { "version": "1.3.0" }
          },
          "dependencies": {
            "left-pad": { "version": "1.3.0" },
            "only-in-v1-section": { "version": "9.9.9" }
          }
        }
        """;

    public const string PnpmV54 = """
        lockfileVersion: 5.4

        specifiers:
          '@emotion/react': ^11.10.0
          react: ^18.2.0

        dependencies:
          '@emotion/react': 11.10.0_react@18.2.0
          react: 18.2.0

        packages:

          /@emotion/react/11.10.0_react@18.2.0:
            resolution: {integrity: sha512-AAAA}
            peerDependencies:
              react: '>=16.8.0'
            dev: false

          /react/18.2.0:
            resolution: {integrity: sha512-BBBB}
            dependencies:
              loose-envify: 1.4.0
            dev: false

          /loose-envify/1.4.0:
            resolution: {integrity: sha512-CCCC}
            hasBin: true

          /@types/react/18.0.0_@types+node@20.11.0:
            resolution: {integrity: sha512-DDDD}

          github.com/acme/tool/0123456789abcdef:
            resolution: {tarball: https://codeload.github.com/acme/tool/tar.gz/0123456789abcdef}
            name: acme-tool
            version: 0.3.0
        """;

    public const string PnpmV6 = """
        lockfileVersion: '6.0'

        settings:
          autoInstallPeers: true

        dependencies:
          '@emotion/react':
            specifier: ^11.10.0
            version: 11.10.0(react@18.2.0)

        packages:

          /@emotion/react@11.10.0(react@18.2.0):
            resolution: {integrity: sha512-AAAA}
            dev: false

          /react@18.2.0:
            resolution: {integrity: sha512-BBBB}

          /js-tokens@4.0.0:
            resolution: {integrity: sha512-CCCC}
        """;

    public const string PnpmV9 = """
        lockfileVersion: '9.0'

        settings:
          autoInstallPeers: true
          excludeLinksFromLockfile: false

        importers:

          .:
            dependencies:
              '@anthropic-ai/claude-code':
                specifier: 2.1.150
                version: 2.1.150
              react-dom:
                specifier: ^18.2.0
                version: 18.2.0(react@18.2.0)

        packages:

          '@anthropic-ai/claude-code@2.1.150':
            resolution: {integrity: sha512-AAAA}
            hasBin: true

          react-dom@18.2.0:
            resolution: {integrity: sha512-BBBB}
            peerDependencies:
              react: ^18.2.0

          react@18.2.0:
            resolution: {integrity: sha512-CCCC}

        snapshots:

          '@anthropic-ai/claude-code@2.1.150': {}

          react-dom@18.2.0(react@18.2.0):
            dependencies:
              react: 18.2.0
              scheduler: 0.23.0

          react@18.2.0: {}

          scheduler@0.23.0:
            dependencies:
              loose-envify: 1.4.0
        """;

    public const string YarnClassic = """
        # THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
        # yarn lockfile v1


        "@anthropic-ai/claude-code@^2.1.91":
          version "2.1.120"
          resolved "https://registry.yarnpkg.com/@anthropic-ai/claude-code/-/claude-code-2.1.120.tgz#abc"
          integrity sha512-AAAA

        "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
          version "7.12.13"
          resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz"
          dependencies:
            "@babel/highlight" "^7.12.13"

        lodash@^4.17.20, lodash@^4.17.21:
          version "4.17.21"

        old-lodash@npm:lodash@4.17.20:
          version "4.17.20"

        ms@2.1.2:
          version "2.1.2"
          dependencies:
            version "9.9.9"

        local-thing@file:./local:
          version "0.0.1"

        broken@^1.0.0:
          resolved "https://registry.yarnpkg.com/broken/-/broken-1.0.0.tgz"
        """;

    public const string YarnBerry = """
        # This file is generated by running "yarn install" inside your project.
        # Manual changes might be lost - proceed with caution!

        __metadata:
          version: 8
          cacheKey: 10c0

        "@anthropic-ai/claude-code@npm:^2.1.91":
          version: 2.1.197
          resolution: "@anthropic-ai/claude-code@npm:2.1.197"
          checksum: 10c0/abc
          languageName: node
          linkType: hard

        "app@workspace:.":
          version: 0.0.0-use.local
          resolution: "app@workspace:."
          languageName: unknown
          linkType: soft

        "old-lodash@npm:lodash@4.17.20":
          version: 4.17.20
          resolution: "lodash@npm:4.17.20"
          languageName: node
          linkType: hard

        "lodash@npm:^4.17.21":
          version: 4.17.21
          resolution: "lodash@npm:4.17.21"
          languageName: node
          linkType: hard

        "resolve@patch:resolve@npm%3A^1.22.1#optional!builtin<compat/resolve>":
          version: 1.22.8
          resolution: "resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>::version=1.22.8&hash=c3c19d"
          languageName: node
          linkType: hard

        "resolve@npm:^1.22.1":
          version: 1.22.8
          resolution: "resolve@npm:1.22.8"
          languageName: node
          linkType: hard

        "tool@https://github.com/acme/tool.git#commit=0123456789abcdef":
          version: 0.3.0
          resolution: "tool@https://github.com/acme/tool.git#commit=0123456789abcdef"
          languageName: node
          linkType: hard
        """;
}
