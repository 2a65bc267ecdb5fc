// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean copy or a MediaCleanError: no crash, hang or trap.
// Target: zip reader and writer, OOXML/ODF part policy, XML rewriting and text
// redaction (with a redactor, so the text paths run), embedded media.
// Seeds: Fuzz/corpus/FuzzOffice, made by scripts/fuzz-seeds.sh.
import EvaultCrypto
import MediaClean

/// Replaces one planted name, so redaction and the text diff run on fuzzed text.
private struct FuzzRedactor: TextRedactor {
    func redact(_ text: String) -> RedactedText {
        let parts = text.components(separatedBy: "Amira")
        return RedactedText(text: parts.joined(separator: "Person A"), replacements: parts.count - 1)
    }
}

private let formats: [MediaFormat] = [.docx, .odt, .xlsx, .ods, .pptx, .odp]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOffice(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Every input is tried under one OOXML and one ODF policy; which ones
    // follows the size, so all six are reached without tripling the cost.
    let ooxml = formats[(size % 3) * 2], odf = formats[(size % 3) * 2 + 1]
    for format in [ooxml, odf] {
        _ = try? MediaCleaner.clean(format, from: MemorySource(bytes), to: MemorySink(), redactor: FuzzRedactor())
    }
    return 0
}
