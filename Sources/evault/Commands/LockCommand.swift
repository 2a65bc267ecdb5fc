import ArgumentParser
import VaultCore

struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Forget the keys kept by `evault unlock` now."
    )

    @OptionGroup var location: VaultLocationOptions

    func run() throws {
        let locked = try LockedVault(path: location.path)
        if try locked.lockSession() {
            print("locked: the keys are no longer kept; the next command asks again")
        } else {
            print("nothing to lock: the keys of this vault were not kept")
        }
    }
}
