import Testing

@testable import ImageStore

struct ImageStatusTests {
    @Test(arguments: [
        (ImageStatus.queued, ImageStatus.saving, true),
        (.queued, .active, true),
        (.saving, .active, true),
        (.saving, .queued, true),
        (.active, .deactivated, true),
        (.deactivated, .active, true),
        (.active, .saving, false),
        (.active, .queued, false),
        (.deactivated, .saving, false),
        (.deleted, .active, false),
        (.uploading, .importing, true),
        (.importing, .active, true),
    ])
    func transitions(from: ImageStatus, to: ImageStatus, allowed: Bool) {
        #expect(from.canTransition(to: to) == allowed)
    }

    @Test func refusedTransitionIsAConflictWithGlancesWording() {
        #expect(throws: ImageStoreError(.conflict, "Image status transition from active to saving is not allowed")) {
            try ImageStatus.active.checkTransition(to: .saving)
        }
    }

    @Test func onlyActiveAndDeactivatedHoldData() {
        #expect(ImageStatus.allCases.filter(\.hasData) == [.active, .deactivated])
    }

    @Test func timestampsRenderAsGlanceIsotime() {
        #expect(Timestamp(microseconds: 0).isoTime == "1970-01-01T00:00:00Z")
        #expect(Timestamp(microseconds: 1_795_000_000_123_456).isoTime == "2026-11-18T11:06:40Z")
        #expect(Timestamp(iso8601: "2026-11-18T11:06:40Z")?.microseconds == 1_795_000_000_000_000)
        #expect(Timestamp(iso8601: "2026-11-18T11:06:40")?.microseconds == 1_795_000_000_000_000)
        #expect(Timestamp(iso8601: "2026-11-18T12:06:40+01:00")?.microseconds == 1_795_000_000_000_000)
        #expect(Timestamp(iso8601: "yesterday") == nil)
    }
}
