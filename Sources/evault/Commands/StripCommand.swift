import ArgumentParser
import EvaultCrypto
import IdentityStripping
import VaultCore

struct StripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strip",
        abstract: "Print a text with identities replaced by pseudonyms; writes nothing to disk.",
        discussion: """
        Uses the vault's pseudonym key, so pseudonyms are the ones the vault uses; with --ephemeral, a \
        random key and no vault (pseudonyms then differ on every run). Declared identities are replaced \
        in every form; e-mail addresses, phone numbers, handles, IBANs, card numbers, IP addresses, \
        coordinates, document numbers, dates of birth, street addresses and undeclared names are detected.
        """
    )

    @OptionGroup var unlock: UnlockOptions
    @OptionGroup var stripping: StrippingOptions

    @Argument(help: ArgumentHelp("The text file (default: standard input).", valueName: "FILE"))
    var file: String = "-"

    @Flag(name: .long, help: "Use a random key and no vault.")
    var ephemeral = false

    @Flag(name: .long, help: "Show every replacement marked and ask before printing; add a name or drop a replacement on the spot (needs a terminal, so give the text as a FILE).")
    var review = false

    @Flag(name: .long, help: "Print {\"text\", \"replacements\": [{start, end, kind, pseudonym, declared}]}; offsets count Unicode scalars of the input.")
    var json = false

    func validate() throws {
        try NameInput.checkOneStdin([file, stripping.identities])
        if review && file == "-" { throw ValidationError("--review reads answers from standard input: give the text as a FILE") }
    }

    func run() throws {
        var options = SealOptions()
        try stripping.apply(to: &options)
        let text = try NoteInput.read(file)
        let strip: (SealOptions) throws -> StripResult
        if ephemeral {
            let key = PseudonymKey.random()
            strip = { options in
                var registry = PseudonymRegistry()
                let stripOptions = StripOptions(declared: options.identities, keep: options.keep, disabled: options.disabledDetectors, level: options.level)
                return IdentityStripper(pseudonymizer: Pseudonymizer(key: key), options: stripOptions).strip(text, registry: &registry)
            }
        } else {
            let vault = try unlock.unlock()
            strip = { options in try vault.strip(text, options: options, persist: false) }
        }
        let result = review ? try Review.run(text: text, options: &options, strip: strip) : try strip(options)
        if json {
            print(try OutputJSON.string(StripJSON(text: result.text, replacements: result.replacements)))
        } else {
            print(result.text, terminator: result.text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

struct StripJSON: Encodable {
    let text: String
    let replacements: [Replacement]
}
