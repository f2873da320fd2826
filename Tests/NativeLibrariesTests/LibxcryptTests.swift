import Foundation
import Libxcrypt
import Testing

@Suite("Libxcrypt wrapper")
struct LibxcryptTests {
    @Test("hashes verify with their own password only", arguments: PasswordHasher.Method.allCases)
    func hashAndVerify(method: PasswordHasher.Method) throws {
        let hash = try PasswordHasher.hash("s3cret pass", method: method)
        #expect(hash.hasPrefix(method.rawValue))
        #expect(try PasswordHasher.verify("s3cret pass", against: hash))
        #expect(try !PasswordHasher.verify("s3cret pas", against: hash))
    }

    @Test("two hashes of one password differ (fresh salt each time)")
    func freshSalt() throws {
        #expect(try PasswordHasher.hash("x", method: .sha512) != PasswordHasher.hash("x", method: .sha512))
    }

    @Test("verifies a hash made by another tool (openssl passwd -6)")
    func verifiesForeignHash() throws {
        // `openssl passwd -6 -salt saltsalt glint`
        let hash = "$6$saltsalt$Giy28OVX87sA.qv8VP7vfz6lm.W97grLsTEJAO4NJoILn3R8eRQdp7.Shv9GZJ9fqFh3BTD.zIoTQF.3HYRfc0"
        #expect(try PasswordHasher.verify("glint", against: hash))
    }

    @Test("an unknown setting is a typed error with libxcrypt's errno text")
    func invalidSetting() throws {
        let error = try #require(throws: CryptError.self) { try PasswordHasher.verify("x", against: "$unknown$abc") }
        #expect(error.code == .hashingFailed)
        #expect(!error.systemMessage.isEmpty)
    }
}
