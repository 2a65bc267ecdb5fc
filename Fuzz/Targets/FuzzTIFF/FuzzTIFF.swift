// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean copy or a MediaCleanError: no crash, hang or trap.
// Target: TIFF directories (IFD chains, offsets, EXIF/GPS sub-IFDs).
// Seeds: Fuzz/corpus/FuzzTIFF, made by scripts/fuzz-seeds.sh.
import EvaultCrypto
import MediaClean

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTIFF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for format: MediaFormat in [.tiff] {
        _ = try? MediaCleaner.clean(format, from: MemorySource(bytes), to: MemorySink(), redactor: nil)
    }
    return 0
}
