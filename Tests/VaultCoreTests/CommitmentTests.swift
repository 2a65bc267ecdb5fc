import EvaultCrypto
import VaultCore
import XCTest

/// Known answers computed independently with Python's hmac and hashlib
/// (docs/FORMAT.md, "Commitments").
final class CommitmentTests: XCTestCase {
    let salt = CommitmentSalt(bytes: Array(0..<32))!
    let sha = SHA256Hasher.hash(Array("hello\n".utf8))

    func testMemberSaltKnownAnswer() {
        XCTAssertEqual(salt.memberSalt("original").hex,
                       "2d78ac728360a9c12357ffebf69fe370657dd2449235dd8f1b87b3d57d08aa0e")
    }

    func testCommitmentKnownAnswer() {
        let commitment = Commitment(memberSalt: salt.memberSalt("original"), sha256: sha)
        XCTAssertEqual(commitment.hex, "1131e0d262a8ef849983df66664b292fc09940c5200e5e59d1b4eb5b77d78031")
    }

    func testOnlyTheRightSaltAndHashOpen() {
        let commitment = Commitment(memberSalt: salt.memberSalt("original"), sha256: sha)
        XCTAssertTrue(commitment.opens(memberSalt: salt.memberSalt("original"), sha256: sha))
        XCTAssertFalse(commitment.opens(memberSalt: salt.memberSalt("redacted"), sha256: sha))
        XCTAssertFalse(commitment.opens(memberSalt: salt.memberSalt("original"),
                                        sha256: SHA256Hasher.hash(Array("hello".utf8))))
    }

    func testSaltsAreFreshAndSized() {
        XCTAssertNotEqual(CommitmentSalt.random(), CommitmentSalt.random())
        XCTAssertNil(CommitmentSalt(bytes: [1, 2, 3]))
        XCTAssertNil(CommitmentSalt(hex: "zz"))
    }
}
