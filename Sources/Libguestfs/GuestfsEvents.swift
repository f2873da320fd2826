internal import CLibguestfs
public import Logging

/// How far a long libguestfs call (an upload, a copy, a `fstrim`) has got, from its `GUESTFS_EVENT_PROGRESS`.
public struct GuestfsProgress: Sendable, Hashable {
    /// Bytes (or units the call chooses) done so far.
    public var position: UInt64
    /// The total, when the call knows it.
    public var total: UInt64

    public init(position: UInt64, total: UInt64) {
        self.position = position
        self.total = total
    }
}

/// Receives a handle's events and turns them into log records and progress calls.
///
/// Owned by its ``GuestfsHandle``; libguestfs calls back on the thread that made the call, so a sink is only ever
/// used by that thread.
final class GuestfsEventSink {
    let logger: Logger
    let progress: ((GuestfsProgress) -> Void)?

    init(logger: Logger, progress: ((GuestfsProgress) -> Void)?) {
        self.logger = logger
        self.progress = progress
    }

    /// The events forwarded: everything but `CLOSE`, `ENTER` and `LIBVIRT_AUTH`, which carry nothing to log.
    static var eventMask: UInt64 {
        UInt64(
            GUESTFS_EVENT_PROGRESS | GUESTFS_EVENT_APPLIANCE | GUESTFS_EVENT_LIBRARY | GUESTFS_EVENT_WARNING
                | GUESTFS_EVENT_TRACE | GUESTFS_EVENT_LAUNCH_DONE | GUESTFS_EVENT_SUBPROCESS_QUIT)
    }

    func receive(event: UInt64, text: String, numbers: [UInt64]) {
        switch event {
        case UInt64(GUESTFS_EVENT_PROGRESS):
            guard numbers.count >= 4 else { return }
            let value = GuestfsProgress(position: numbers[2], total: numbers[3])
            logger.trace("guestfs.progress", metadata: ["guestfs.position": "\(value.position)", "guestfs.total": "\(value.total)"])
            progress?(value)
        case UInt64(GUESTFS_EVENT_WARNING):
            logger.info("guestfs.warning", metadata: ["guestfs.message": "\(text)"])
        case UInt64(GUESTFS_EVENT_LAUNCH_DONE):
            logger.debug("guestfs.launched")
        case UInt64(GUESTFS_EVENT_SUBPROCESS_QUIT):
            logger.debug("guestfs.appliance.exited")
        case UInt64(GUESTFS_EVENT_TRACE):
            logger.trace("guestfs.trace", metadata: ["guestfs.message": "\(text)"])
        default:
            // APPLIANCE and LIBRARY: the appliance's console and libguestfs's own chatter, in arbitrary chunks.
            for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
                logger.trace("guestfs.message", metadata: ["guestfs.message": "\(line)"])
            }
        }
    }
}

extension GuestfsHandle {
    /// Routes this handle's events to `logger` (progress at trace level, warnings at info) and, for progress,
    /// to `progress`. Replaces an earlier routing.
    ///
    /// Appliance and library messages are produced only when libguestfs is verbose (`LIBGUESTFS_DEBUG=1`).
    ///
    /// The corresponding C function is `guestfs_set_event_callback`.
    public func routeEvents(to logger: Logger, progress: ((GuestfsProgress) -> Void)? = nil) throws(GuestfsError) {
        let handle = try open(context: "routing libguestfs events")
        if let eventHandle {
            guestfs_delete_event_callback(handle, eventHandle)
        }
        let sink = GuestfsEventSink(logger: logger, progress: progress)
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        let registered = guestfs_set_event_callback(
            handle,
            { _, opaque, event, _, _, buffer, length, array, count in
                guard let opaque else { return }
                let sink = Unmanaged<GuestfsEventSink>.fromOpaque(opaque).takeUnretainedValue()
                let text = buffer.map {
                    String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self)
                } ?? ""
                let numbers = array.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
                sink.receive(event: event, text: text, numbers: numbers)
            },
            GuestfsEventSink.eventMask, 0, opaque)
        guard registered >= 0 else {
            throw GuestfsError.last(on: handle, context: "routing libguestfs events")
        }
        eventSink = sink
        eventHandle = registered
    }
}
