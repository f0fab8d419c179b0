import ServiceLifecycle

/// Runs a piece of housekeeping every `interval` for as long as the server runs (room retention,
/// purging sent email). A failed round is simply tried again next time.
struct PeriodicTask: Service {
    let interval: Duration
    let work: @Sendable () async throws -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await work()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
