import Testing
import VaultCore

/// `OutputName.safe`: one file name in the output folder, whatever the entry says.
@Suite("OutputName")
struct OutputNameTests {
    @Test("path separators and dot names cannot leave the folder")
    func pathCharacters() {
        #expect(OutputName.safe("../../etc/passwd") == "_._.._etc_passwd")
        #expect(OutputName.safe("..") == "_.")
        #expect(OutputName.safe(".") == "_")
        #expect(OutputName.safe("a\\b") == "a_b")
        #expect(OutputName.safe("") == "_")
        #expect(!OutputName.safe("/x").contains("/"))
    }

    @Test("control, bidi, zero-width and separator characters become _, other text stays")
    func invisibleCharacters() {
        #expect(OutputName.safe("a\u{1B}[2Jb\u{7F}c\u{0}d") == "a_[2Jb_c_d")
        #expect(OutputName.safe("x\u{2028}y\u{2029}z\u{200D}w") == "x_y_z_w")
        #expect(OutputName.safe("-n") == "_n")
        #expect(OutputName.safe("Zeugenaussage – Müller, 3.ª parte.odt") == "Zeugenaussage – Müller, 3.ª parte.odt")
        #expect(OutputName.safe("写真 2024.jpg") == "写真 2024.jpg")
    }

    @Test("a name over 255 bytes is cut on a character boundary, keeping its extension")
    func longNames() {
        let long = String(repeating: "é", count: 300) + ".pdf"
        let safe = OutputName.safe(long)
        #expect(safe.utf8.count <= 255)
        #expect(safe.hasSuffix(".pdf"))
        #expect(safe.hasPrefix("éé"))
        let noExtension = String(repeating: "a", count: 400)
        #expect(OutputName.safe(noExtension).utf8.count == 255)
    }
}
