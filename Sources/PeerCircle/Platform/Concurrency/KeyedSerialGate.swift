import Synchronization

/// A `SerialGate` per key (a room): work for one key runs one at a time, in arrival order, while
/// different keys run side by side. Gates are dropped when nobody holds or waits for them.
final class KeyedSerialGate<Key: Hashable & Sendable>: Sendable {
    private let gates = Mutex<[Key: (gate: SerialGate, users: Int)]>([:])

    init() {}

    func run<T: Sendable>(_ key: Key, _ body: () async throws -> T) async throws -> T {
        let gate = gates.withLock { gates -> SerialGate in
            let entry = gates[key] ?? (SerialGate(), 0)
            gates[key] = (entry.gate, entry.users + 1)
            return entry.gate
        }
        defer {
            gates.withLock { gates in
                guard let entry = gates[key] else { return }
                gates[key] = entry.users <= 1 ? nil : (entry.gate, entry.users - 1)
            }
        }
        return try await gate.run(body)
    }
}
