import Foundation

/// Hands chunks of work from a reading thread to the staging thread, in order, at most `capacity` chunks ahead.
///
/// The reader `put`s chunks and ends with `finish` (passing its error, if any); the stager `take`s them until nil
/// and receives the reader's error only after every chunk before it. A stager that fails calls `cancel`, which
/// makes the reader's next `put` return false so it stops reading.
final class RecordHandoff<Chunk> {
    private let condition = NSCondition()
    private var queue: [Chunk] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits while `capacity` chunks are waiting; false when the stager has cancelled (stop reading).
    func put(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(chunk)
        condition.broadcast()
        return true
    }

    /// The reader is done: no more chunks, and `error` (if any) is what stopped it.
    func finish(error: Error?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk in order; nil after the last (or once cancelled); throws the reader's error once the chunks
    /// before it are taken.
    func take() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !finished && !cancelled { condition.wait() }
        return try dequeue()
    }

    /// The next chunk if one is waiting now, else nil (never waits); throws like `take` at the end.
    func poll() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        return try dequeue()
    }

    private func dequeue() throws -> Chunk? {
        if head < queue.count {
            let chunk = queue[head]
            head += 1
            if head > 64 {
                queue.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return chunk
        }
        if finished, let failure { throw failure }
        return nil
    }

    /// The stager gives up: the reader stops at its next `put`.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
