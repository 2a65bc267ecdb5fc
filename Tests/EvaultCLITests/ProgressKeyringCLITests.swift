import Foundation
import Testing

/// Progress for re-encryption and index rebuilds (terminal only), and `unlock`
/// where the kernel keyring is blocked, through the built binary.
@Suite("evault progress for re-encryption and index rebuild; blocked keyring")
struct ProgressKeyringCLITests {
    static let python = CLIHarness.tool("python3")

    @Test("list shows index-rebuild progress on a terminal only, not piped, not with --quiet",
          .enabled(if: python != nil, "python3 is not installed (needed for a pseudo-terminal)"))
    func indexRebuildProgress() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let files = try (0..<3).map { try h.write("d\($0).txt", "document \($0)") }
        try h.ok(["seal"] + files)
        let index = h.vault + "/index.age"

        try FileManager.default.removeItem(atPath: index)
        let shown = try EverydayCLITests.underTerminal(h, ["list"])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("rebuilding the index") && shown.output.contains("100%")
                && shown.output.contains("3 entries of 3 entries"), "\(shown.output)")

        try FileManager.default.removeItem(atPath: index)
        let quiet = try EverydayCLITests.underTerminal(h, ["list", "--quiet"])
        #expect(quiet.status == 0 && !quiet.output.contains("rebuilding") && !quiet.output.contains("%"), "\(quiet.output)")

        try FileManager.default.removeItem(atPath: index)
        let piped = try h.ok(["list"])
        #expect(!piped.stderr.contains("rebuilding") && !piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}"), "\(piped.stderr)")
        #expect(piped.out.split(separator: "\n").count == 3)

        // An index that is already complete shows nothing, even on a terminal.
        let again = try EverydayCLITests.underTerminal(h, ["list"])
        #expect(!again.output.contains("rebuilding"), "\(again.output)")
    }

    @Test("member remove --reencrypt shows progress on a terminal only",
          .enabled(if: python != nil, "python3 is not installed (needed for a pseudo-terminal)"))
    func reencryptProgress() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try h.write("a.txt", "first"), try h.write("b.txt", "second")])
        let alice = try MemberCLITests.newKey(h, "alice")
        let bob = try MemberCLITests.newKey(h, "bob")
        let carol = try MemberCLITests.newKey(h, "carol")
        for p in [alice, bob, carol] { try MemberCLITests.add(h, p) }

        let shown = try EverydayCLITests.underTerminal(h, ["member", "remove", "bob", "--reencrypt"])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("re-encrypting vault") && shown.output.contains("100%") && shown.output.contains(" files"),
                "\(shown.output)")

        let piped = try h.run(["member", "remove", "carol", "--reencrypt", "--keyfile", alice.keyfile])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("re-encrypting") && !piped.stderr.contains("\r") && !piped.stderr.contains("%"), "\(piped.stderr)")
        #expect(try h.run(["verify", "--keyfile", alice.keyfile]).status == 0)
    }

    /// Runs evault with the kernel keyring system calls (add_key, request_key,
    /// keyctl) failing with ENOSYS, as in containers whose seccomp profile blocks
    /// them: a seccomp filter installed by python3 (prctl through ctypes) just
    /// before exec. With `passphrase`, runs under a pseudo-terminal and types it
    /// at the prompt. Exit status 77: the filter could not be installed.
    static let blockedKeyring = """
        import ctypes, os, pty, signal, struct, sys, termios, time
        def block():
            arch = {"x86_64": (0xC000003E, [248, 249, 250]), "aarch64": (0xC00000B7, [217, 218, 219])}.get(os.uname().machine)
            if arch is None:
                os._exit(77)
            stmt = lambda code, k, jt=0, jf=0: struct.pack("HBBI", code, jt, jf, k)
            prog = [stmt(0x20, 4), stmt(0x15, arch[0], 1, 0), stmt(0x06, 0x7FFF0000), stmt(0x20, 0)]
            for nr in arch[1]:
                prog += [stmt(0x15, nr, 0, 1), stmt(0x06, 0x00050000 | 38)]
            prog.append(stmt(0x06, 0x7FFF0000))
            class Fprog(ctypes.Structure):
                _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
            buf = ctypes.create_string_buffer(b"".join(prog))
            fp = Fprog(len(prog), ctypes.cast(buf, ctypes.c_void_p))
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(38, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
                os._exit(77)
            if libc.prctl(22, ctypes.c_ulong(2), ctypes.byref(fp), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
                os._exit(77)
        passphrase = sys.argv[1]
        argv = sys.argv[2:]
        if not passphrase:
            pid = os.fork()
            if pid == 0:
                os.setsid()  # no controlling terminal: nobody can be asked
                block()
                os.execv(argv[0], argv)
            _, status = os.waitpid(pid, 0)
            sys.exit(os.waitstatus_to_exitcode(status))
        pid, fd = pty.fork()
        if pid == 0:
            block()
            os.execv(argv[0], argv)
        signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))  # never hang the test run
        signal.alarm(300)
        out, typed = b"", False
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
            if not typed and b"Passphrase" in out:
                # evault turns echo off and flushes input after the prompt: type only once it has.
                for _ in range(600):
                    if not termios.tcgetattr(fd)[3] & termios.ECHO:
                        break
                    time.sleep(0.05)
                os.write(fd, passphrase.encode() + b"\\n")
                typed = True
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(out)
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    @Test("unlock --for where the kernel keyring is blocked: one line, and commands go on asking for the passphrase",
          .enabled(if: python != nil, "python3 is not installed (needed for the seccomp filter and a pseudo-terminal)"))
    func keyringBlocked() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let pass = try h.write("pass.txt", "correct horse battery staple\n")
        try h.ok(["init", "--vault", h.vault, "--passphrase-file", pass])
        try h.ok(["seal", try h.write("a.txt", "sealed before"), "--passphrase-file", pass])
        let env = ["EVAULT_VAULT": h.vault, "PATH": "/usr/bin:/bin", "HOME": h.directory.path]
        let python = Self.python ?? "/usr/bin/python3"

        let unlock = try CLIHarness.external(python, ["-c", Self.blockedKeyring, "", CLIHarness.binary, "unlock", "--for", "10m",
                                                      "--passphrase-file", pass], in: h.directory, environment: env)
        if unlock.status == 77 { try Skip.because("seccomp filters cannot be installed here (prctl refused)") }
        #expect(unlock.status != 0)
        #expect(unlock.stderr.split(separator: "\n").count == 1, "\(unlock.stderr)")
        #expect(unlock.stderr.contains("kernel keyring is unavailable") && unlock.stderr.contains("asked at each command"), "\(unlock.stderr)")

        // Nothing was kept: the next command asks on the terminal, and works with the passphrase typed.
        let listed = try CLIHarness.external(python, ["-c", Self.blockedKeyring, "correct horse battery staple", CLIHarness.binary,
                                                      "list"], in: h.directory, environment: env)
        #expect(listed.status == 0, "\(listed.out)")
        #expect(listed.out.contains("Passphrase for") && listed.out.contains("a.txt"), "\(listed.out)")

        // Without a terminal and without a passphrase file: one line saying how to unlock.
        let piped = try CLIHarness.external(python, ["-c", Self.blockedKeyring, "", CLIHarness.binary, "list"],
                                            in: h.directory, environment: env)
        #expect(piped.status != 0 && piped.stderr.split(separator: "\n").count == 1, "\(piped.stderr)")
    }
}
