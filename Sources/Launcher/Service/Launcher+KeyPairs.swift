import Foundation
import ImageStore

extension Launcher {
    /// Imports `publicKey`, or generates a pair (its private key is returned once, as Nova before 2.92 does).
    public func createKeyPair(name: String, publicKey: String?, caller: Caller) async throws -> (KeyPair, privateKey: String?) {
        guard !name.isEmpty, name.count <= 255, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_. @".contains($0) }) else {
            throw LauncherError(.badRequest, "Keypair data is invalid: Keypair name contains unsafe characters")
        }
        var privateKey: String?
        var key = publicKey
        if key == nil {
            let generated = try KeyPair.generate(comment: "\(name)@glint")
            key = generated.publicKey
            privateKey = generated.privateKey
        }
        let pair = try KeyPair(name: name, owner: caller.projectID, publicKey: key ?? "")
        try await store.insert(pair)
        return (pair, privateKey)
    }

    public func keyPairs(caller: Caller) async throws -> [KeyPair] {
        try await store.keyPairs(owner: caller.projectID)
    }

    public func keyPair(name: String, caller: Caller) async throws -> KeyPair {
        guard let pair = try await store.keyPair(owner: caller.projectID, name: name) else {
            throw LauncherError(.notFound, "Keypair \(name) not found for user \(caller.userID ?? caller.projectID)")
        }
        return pair
    }

    public func deleteKeyPair(name: String, caller: Caller) async throws {
        guard try await store.deleteKeyPair(owner: caller.projectID, name: name) else {
            throw LauncherError(.notFound, "Keypair \(name) not found for user \(caller.userID ?? caller.projectID)")
        }
    }
}
