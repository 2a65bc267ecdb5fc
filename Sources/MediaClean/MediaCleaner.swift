import EvaultCrypto

/// Produces a clean copy in the same format: container edited, pixels and streams untouched.
/// On error the sink holds a partial copy that the caller must discard.
public enum MediaCleaner {
    public static func clean(
        _ format: MediaFormat, from input: ByteSource, to output: ByteSink, redactor: TextRedactor?
    ) throws -> CleanReport {
        let reader = BufferedReader(input)
        let writer = BufferedWriter(output)
        var report = ReportBuilder()
        do {
            switch format {
            case .jpeg: try JPEGCleaner.clean(reader, writer, &report)
            case .png: try PNGCleaner.clean(reader, writer, &report)
            case .mp4, .mov, .m4a: try MP4Cleaner.clean(reader, writer, &report)
            case .wav: try WAVCleaner.clean(reader, writer, &report)
            case .webp: try WebPCleaner.clean(reader, writer, &report)
            case .gif: try GIFCleaner.clean(reader, writer, &report)
            case .tiff: try TIFFCleaner.clean(reader, writer, &report)
            case .mp3: try MP3Cleaner.clean(reader, writer, &report)
            case .flac: try FLACCleaner.clean(reader, writer, &report)
            case .ogg: try OggCleaner.clean(reader, writer, &report)
            case .pdf: try PDFCleaner.clean(reader, writer, redactor: redactor, &report)
            case .docx, .xlsx, .pptx, .odt, .ods, .odp:
                try OfficeCleaner.clean(format, reader, writer, redactor: redactor, &report)
            }
            try writer.flush()
        } catch let error as MediaCleanError {
            throw error
        } catch let error as ByteStreamError {
            if case .inputTooLarge = error { throw MediaCleanError.tooLarge(error.description) }
            throw MediaCleanError.io(error.description)
        }
        return report.report
    }
}
