// swift-tools-version: 6.0
import PackageDescription

// Layers, each readable alone (arrows point down only):
//   evault (CLI) -> VaultCore -> IdentityStripping
//                             -> AgeFormat, Minisign, TarFormat -> EvaultCrypto -> CSodium (libsodium)
let package = Package(
    name: "evault",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "evault", targets: ["evault"]),
        .library(name: "VaultCore", targets: ["VaultCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libsodium bridge: the only place C is imported.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Primitives over libsodium: keys as types, secrets that zero themselves.
        .target(
            name: "EvaultCrypto",
            dependencies: [
                "CSodium",
                // SHA-256 only: measured faster than libsodium's portable C (see docs/FORMAT.md).
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Formats: age v1, minisign signatures, tar framing.
        .target(name: "AgeFormat", dependencies: ["EvaultCrypto"]),
        .target(name: "Minisign", dependencies: ["EvaultCrypto"]),
        .target(name: "TarFormat"),
        // Identity stripping: text in, text and spans out, given a key.
        .target(name: "IdentityStripping", dependencies: ["EvaultCrypto"]),
        // The vault: entries, keys, index, seal/open/verify, exports.
        .target(
            name: "VaultCore",
            dependencies: ["EvaultCrypto", "AgeFormat", "Minisign", "TarFormat", "IdentityStripping"]
        ),
        .executableTarget(
            name: "evault",
            dependencies: [
                "VaultCore", "IdentityStripping", "EvaultCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "EvaultCryptoTests", dependencies: ["EvaultCrypto"]),
        .testTarget(name: "AgeFormatTests", dependencies: ["AgeFormat"]),
        .testTarget(name: "MinisignTests", dependencies: ["Minisign"]),
        .testTarget(name: "TarFormatTests", dependencies: ["TarFormat"]),
        .testTarget(name: "IdentityStrippingTests", dependencies: ["IdentityStripping"], exclude: ["Corpus", "HeldOut"]),
        .testTarget(name: "VaultCoreTests", dependencies: ["VaultCore"]),
        .testTarget(name: "EvaultCLITests", dependencies: ["VaultCore"], exclude: ["Fixtures"]),
    ]
)
