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
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // libsodium bridge: with CQPDF (MediaClean's PDF editing), the only places C is imported.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // The Linux kernel keyring (libkeyutils), for `evault unlock --for`.
        .systemLibrary(
            name: "CKeyutils",
            pkgConfig: "libkeyutils",
            providers: [.apt(["libkeyutils-dev"])]
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
        // qpdf (libqpdf-dev) for PDF structure; only MediaClean imports it.
        .systemLibrary(
            name: "CQPDF",
            pkgConfig: "libqpdf",
            providers: [.apt(["libqpdf-dev"])]
        ),
        // Clean copies of binary evidence (photos, PDFs, Office, audio, video), same format.
        .target(
            name: "MediaClean",
            dependencies: ["EvaultCrypto", "CQPDF", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Cleans files named on the command line; used only by scripts/bench.py.
        .executableTarget(name: "mediaclean-bench", dependencies: ["MediaClean", "EvaultCrypto"]),
        // The vault: entries, keys, index, seal/open/verify, exports.
        .target(
            name: "VaultCore",
            dependencies: ["EvaultCrypto", "AgeFormat", "Minisign", "TarFormat", "IdentityStripping", "MediaClean",
                           .target(name: "CKeyutils", condition: .when(platforms: [.linux]))]
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
        .testTarget(name: "IdentityStrippingTests", dependencies: ["IdentityStripping"], exclude: ["Corpus", "HeldOut", "Unseen", "Unseen2", "check_corpus.py"]),
        .testTarget(name: "MediaCleanTests", dependencies: ["MediaClean", "EvaultCrypto"]),
        .testTarget(name: "VaultCoreTests", dependencies: ["VaultCore"]),
        .testTarget(name: "EvaultCLITests", dependencies: ["VaultCore"], exclude: ["Fixtures"]),
    ]
)

// libFuzzer targets (`make fuzz`), declared only when EVAULT_FUZZ=1 so that
// `swift build` and `swift test` never build or link them (they have no `main`:
// libFuzzer supplies it). Each is one file under Fuzz/Targets/NAME/.
if Context.environment["EVAULT_FUZZ"] == "1" {
    var fuzzTargets: [(String, [Target.Dependency])] = [
        ("FuzzAgeHeader", ["AgeFormat", "EvaultCrypto"]),
        ("FuzzArmor", ["AgeFormat", "EvaultCrypto"]),
        ("FuzzStream", ["AgeFormat", "EvaultCrypto"]),
        ("FuzzTar", ["TarFormat", "EvaultCrypto"]),
        ("FuzzBundle", ["VaultCore", "AgeFormat", "EvaultCrypto"]),
        ("FuzzKeyFile", ["VaultCore", "EvaultCrypto"]),
        ("FuzzIndex", ["VaultCore"]),
        ("FuzzManifest", ["VaultCore"]),
        ("FuzzMinisignSignature", ["Minisign", "EvaultCrypto"]),
        ("FuzzEntryMetadata", ["VaultCore"]),
    ]
    // MediaClean parsers, one target per family (seeds: scripts/fuzz-seeds.sh).
    for name in ["FuzzJPEG", "FuzzPNG", "FuzzRIFF", "FuzzGIF", "FuzzTIFF", "FuzzMP4", "FuzzMP3", "FuzzFLAC", "FuzzOgg", "FuzzOffice", "FuzzPDF"] {
        fuzzTargets.append((name, ["MediaClean", "EvaultCrypto"]))
    }
    for (name, dependencies) in fuzzTargets {
        package.targets.append(.executableTarget(name: name, dependencies: dependencies, path: "Fuzz/Targets/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
