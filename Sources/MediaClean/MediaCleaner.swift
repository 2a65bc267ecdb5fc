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
        try mapErrors {
            switch format {
            case .jpeg: try JPEGCleaner.clean(reader, writer, &report)
            case .png: try PNGCleaner.clean(reader, writer, &report)
            case .mp4, .mov, .m4a:
                // A seekable input gets a first pass, so metadata samples stored
                // before the index are zeroed too.
                var ranges: [Range<Int64>]?
                if let seekable = input as? SeekableByteSource {
                    ranges = try MP4Cleaner.timedMetadataRanges(BufferedReader(seekable))
                    try seekable.seek(to: 0)
                }
                try MP4Cleaner.clean(reader, writer, samplesToZero: ranges, &report)
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
        }
        return report.report
    }

    /// The same, reading the input twice when the format needs it (MP4/MOV/M4A:
    /// a first pass finds timed metadata samples, such as a GPS track, that are
    /// stored before the index). `open` must return the same bytes each time.
    public static func clean(
        _ format: MediaFormat, reopening open: () throws -> ByteSource, to output: ByteSink, redactor: TextRedactor?
    ) throws -> CleanReport {
        guard [.mp4, .mov, .m4a].contains(format) else {
            return try clean(format, from: try open(), to: output, redactor: redactor)
        }
        return try mapErrors {
            let ranges = try MP4Cleaner.timedMetadataRanges(BufferedReader(try open()))
            let writer = BufferedWriter(output)
            var report = ReportBuilder()
            try MP4Cleaner.clean(BufferedReader(try open()), writer, samplesToZero: ranges, &report)
            try writer.flush()
            return report.report
        }
    }

    static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MediaCleanError {
            throw error
        } catch let error as ByteStreamError {
            if case .inputTooLarge = error { throw MediaCleanError.tooLarge(error.description) }
            throw MediaCleanError.io(error.description)
        }
    }
}
