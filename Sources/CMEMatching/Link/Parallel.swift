import Dispatch
import Foundation

/// Work split across the machine's cores with `DispatchQueue.concurrentPerform`. Each task writes only its own
/// result slot, and results come back in task order, so output never depends on scheduling.
enum Parallel {
    /// The cores this process may use.
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `count` items cut into contiguous ranges: a few per worker, so that a slow range does not hold up the rest.
    static func chunks(count: Int, workers: Int, perWorker: Int = 4) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let pieces = min(count, max(1, workers * (workers > 1 ? perWorker : 1)))
        return (0..<pieces).map { piece in (piece * count / pieces)..<((piece + 1) * count / pieces) }
    }

    /// `body(0) ... body(tasks - 1)`, run concurrently when `workers` is more than one.
    static func map<T: Sendable>(_ tasks: Int, workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard tasks > 0 else { return [] }
        if workers <= 1 || tasks == 1 { return (0..<tasks).map(body) }
        let slots = Slots<T>(count: tasks)
        withoutActuallyEscaping(body) { body in
            let run: @Sendable (Int) -> Void = { slots.set($0, body($0)) }
            DispatchQueue.concurrentPerform(iterations: tasks, execute: run)
        }
        return slots.values
    }
}

/// One result slot per task. Unchecked: every task writes a different slot, and reading waits until all are done.
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        self.storage = .allocate(capacity: count)
        self.storage.initialize(repeating: nil)
    }

    deinit {
        _ = self.storage.deinitialize()
        self.storage.deallocate()
    }

    func set(_ index: Int, _ value: T) {
        self.storage[index] = value
    }

    var values: [T] { self.storage.map { $0! } }
}
