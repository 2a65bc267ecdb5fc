// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean copy or a MediaCleanError: no crash, hang or trap.
// Target: PDF through qpdf: parsing, structure stripping (info, XMP, annotations,
// names, nested XObjects), check and write. Without a redactor: the text paths
// start pdftotext/pdftoppm processes, far too slow to fuzz, and parse their output
// (covered by PDFCleaningTests).
// Seeds: Fuzz/corpus/FuzzPDF, made by scripts/fuzz-seeds.sh.
import EvaultCrypto
import MediaClean

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? MediaCleaner.clean(.pdf, from: MemorySource(bytes), to: MemorySink(), redactor: nil)
    return 0
}
