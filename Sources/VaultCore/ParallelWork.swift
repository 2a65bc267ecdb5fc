import Foundation

/// Runs independent jobs (one entry each) on every core, for `verify` of a whole
/// vault: a vault of many small entries would otherwise keep one core busy, since
/// each entry's own pipeline only overlaps decryption and hashing within it.
///
/// Dedicated threads, not Dispatch workers: a job blocks on its entry's chunk
/// pipeline, whose tasks run on Dispatch's pool, and must never take a thread that
/// pool needs. Memory is one job's buffers per core.
enum ParallelWork {
    /// Cores online (at least 1).
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `body(i)` for every i in `0..<count`, on up to `width` threads (the caller's
    /// among them), taking indices in order. Returns the results by index.
    /// `started(i)` is called, serialised, as job i begins (progress).
    static func map<R>(count: Int, width: Int = cores, started: (Int) -> Void = { _ in },
                       _ body: (Int) -> R) -> [R] {
        let width = max(1, min(width, count))
        if width == 1 {
            return (0..<count).map { i in
                started(i)
                return body(i)
            }
        }
        let state = State<R>(count: count)
        // The jobs borrow the caller's closures: every thread is joined, and its
        // reference dropped, before they go.
        withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(started) { started in
                let work = Work(state: state, body: body, started: started)
                var threads: [pthread_t] = []
                for _ in 1..<width {
                    if let thread = spawn(work) { threads.append(thread) }
                }
                work.run()
                for thread in threads { pthread_join(thread, nil) }
            }
        }
        return state.results.compactMap { $0 }
    }

    /// A thread running `work.run()`, or nil if none can be made (the caller's thread
    /// then does the jobs itself).
    private static func spawn<R>(_ work: Work<R>) -> pthread_t? {
        let box = Unmanaged.passRetained(Box(work.run)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        // Room for a job's stack frames (JSON decoding, tar parsing), as on the main thread.
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.run()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        return thread
    }

    private final class Box {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// The next index and the results; `lock` guards both.
    private final class State<R>: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        let count: Int
        var results: [R?]
        init(count: Int) {
            self.count = count
            results = Array(repeating: nil, count: count)
        }
    }

    /// @unchecked: the closures are only called with `state.lock` held (`started`)
    /// or on one index each (`body`), and outlive no thread (see `map`).
    private struct Work<R>: @unchecked Sendable {
        let state: State<R>
        let body: (Int) -> R
        let started: (Int) -> Void

        func run() {
            while true {
                state.lock.lock()
                let i = state.next
                if i < state.count {
                    state.next += 1
                    started(i)
                }
                state.lock.unlock()
                guard i < state.count else { return }
                let result = body(i)
                state.lock.lock()
                state.results[i] = result
                state.lock.unlock()
            }
        }
    }
}
