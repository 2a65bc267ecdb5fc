import CQPDF

/// A PDF opened with qpdf from memory. Owns the qpdf handle; every call checks
/// qpdf's error state so a hostile file becomes one `MediaCleanError`.
final class QPDFDocument {
    private let q: qpdf_data
    /// qpdf reads lazily from this buffer, so it lives as long as the handle.
    private let input: UnsafeMutableBufferPointer<CChar>

    init(_ bytes: [UInt8]) throws {
        guard let q = qpdf_init() else { throw MediaCleanError.io("qpdf could not start") }
        self.q = q
        input = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawBufferPointer(input).copyMemory(from: raw)
        }
        qpdf_silence_errors(q)
        qpdf_set_suppress_warnings(q, QPDF_TRUE)
        let status = qpdf_read_memory(q, "document", input.baseAddress, UInt64(bytes.count), nil)
        if qpdf_is_encrypted(q) == QPDF_TRUE {
            _ = lastError() // consumed, so qpdf does not print it
            throw MediaCleanError.encryptedPDF
        }
        if status & QPDF_ERRORS != 0 { throw MediaCleanError.malformed("not a readable PDF (\(lastError()))") }
    }

    deinit {
        var handle: qpdf_data? = q
        qpdf_cleanup(&handle)
        // Plaintext evidence: zero before giving the memory back.
        UnsafeMutableRawBufferPointer(input).initializeMemory(as: UInt8.self, repeating: 0)
        input.deallocate()
    }

    private func lastError() -> String {
        guard qpdf_has_error(q) == QPDF_TRUE, let e = qpdf_get_error(q), let detail = qpdf_get_error_message_detail(q, e) else {
            return "unknown error"
        }
        // qpdf's message describes structure, never content; keep it short.
        return String(String(cString: detail).prefix(120))
    }

    func check() throws {
        if qpdf_has_error(q) == QPDF_TRUE { throw MediaCleanError.malformed("PDF structure: \(lastError())") }
    }

    var trailer: qpdf_oh { qpdf_get_trailer(q) }
    var root: qpdf_oh { qpdf_get_root(q) }
    var pageCount: Int { Int(max(0, qpdf_get_num_pages(q))) }

    func page(_ index: Int) -> qpdf_oh { qpdf_get_page_n(q, index) }

    func has(_ oh: qpdf_oh, _ key: String) -> Bool {
        qpdf_oh_is_dictionary(q, oh) == QPDF_TRUE && qpdf_oh_has_key(q, oh, key) == QPDF_TRUE
    }

    func get(_ oh: qpdf_oh, _ key: String) -> qpdf_oh { qpdf_oh_get_key(q, oh, key) }

    /// Removes `key` if present; returns whether it was there.
    @discardableResult
    func remove(_ oh: qpdf_oh, _ key: String) -> Bool {
        guard has(oh, key) else { return false }
        qpdf_oh_remove_key(q, oh, key)
        return true
    }

    func set(_ oh: qpdf_oh, _ key: String, _ value: qpdf_oh) { qpdf_oh_replace_key(q, oh, key, value) }

    func parse(_ text: String) -> qpdf_oh { qpdf_oh_parse(q, text) }

    func isStream(_ oh: qpdf_oh) -> Bool { qpdf_oh_is_stream(q, oh) == QPDF_TRUE }
    func isDictionary(_ oh: qpdf_oh) -> Bool { qpdf_oh_is_dictionary(q, oh) == QPDF_TRUE }
    func dict(_ stream: qpdf_oh) -> qpdf_oh { qpdf_oh_get_dict(q, stream) }

    func keys(_ oh: qpdf_oh) -> [String] {
        guard isDictionary(oh) || isStream(oh) else { return [] }
        let d = isStream(oh) ? dict(oh) : oh
        var out = [String]()
        qpdf_oh_begin_dict_key_iter(q, d)
        while qpdf_oh_dict_more_keys(q) == QPDF_TRUE, out.count < 100_000 {
            if let k = qpdf_oh_dict_next_key(q) { out.append(String(cString: k)) }
        }
        return out
    }

    /// A new stream holding `data` uncompressed; the writer compresses it.
    func newStream(_ data: [UInt8], dictionary: String) -> qpdf_oh {
        let stream = qpdf_oh_new_stream(q)
        let null = qpdf_oh_new_null(q)
        data.withUnsafeBufferPointer { buf in
            qpdf_oh_replace_stream_data(q, stream, buf.baseAddress, buf.count, null, null)
        }
        let d = qpdf_oh_get_dict(q, stream)
        let extra = parse(dictionary)
        for key in keys(extra) { set(d, key, get(extra, key)) }
        return stream
    }

    /// Serialises the document: new /ID, unreferenced objects dropped, streams compressed.
    func write() throws -> [UInt8] {
        qpdf_init_write_memory(q)
        qpdf_set_preserve_encryption(q, QPDF_FALSE)
        qpdf_set_compress_streams(q, QPDF_TRUE)
        qpdf_set_preserve_unreferenced_objects(q, QPDF_FALSE)
        qpdf_set_suppress_original_object_IDs(q, QPDF_TRUE)
        let status = qpdf_write(q)
        if status & QPDF_ERRORS != 0 { throw MediaCleanError.malformed("PDF could not be rewritten (\(lastError()))") }
        let length = qpdf_get_buffer_length(q)
        guard let buffer = qpdf_get_buffer(q) else { throw MediaCleanError.io("qpdf produced no output") }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }
}
