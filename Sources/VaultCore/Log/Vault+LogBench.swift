import EvaultCrypto
import Foundation

extension Vault {
    /// Appends `segments` segments of `eventsPerSegment` events each, as that
    /// many commands would (`evault bench --log-segments`, for `make bench`).
    /// The events are keep-list additions and removals of a few names and one
    /// pseudonym assignment per segment, so the state stays small and the log
    /// is what is measured. The cache files are written once at the end.
    public func fillLogForBenchmark(segments: Int, eventsPerSegment: Int) throws {
        custody.writesCache = false
        defer { custody.writesCache = true }
        for s in 0..<segments {
            try custody.batch {
                for i in 0..<eventsPerSegment {
                    var d = EventDetails()
                    if i == eventsPerSegment - 1 {
                        d.hash = Hex.encode(randomBytes(32))
                        d.pseudonym = "Bench-\(s)"
                        try custody.record(NewEvent(kind: .pseudonym, details: d))
                    } else {
                        d.name = "Bench Name \((s * eventsPerSegment + i) % 50)"
                        try custody.record(NewEvent(kind: i % 2 == 0 ? .keepAdd : .keepRemove, details: d))
                    }
                }
            }
        }
        try custody.saveCaches()
    }

    /// Forgets this device's log cache (for measuring the first command after a sync or a lost cache).
    public func dropLogCache() {
        LogCache.remove(vaultID: vaultID)
    }
}
