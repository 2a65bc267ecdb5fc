import CSodium

/// One-time libsodium initialisation. Every primitive in this module calls
/// `Sodium.ready()` first, so callers never have to remember it.
public enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// Ensures libsodium is initialised; traps only if the library itself is broken,
    /// which is not a user input but a broken installation.
    @inline(__always)
    static func ready() {
        precondition(initialised, "libsodium failed to initialise")
    }

    /// The linked libsodium version, for diagnostics.
    public static var version: String {
        ready()
        return String(cString: sodium_version_string())
    }
}
