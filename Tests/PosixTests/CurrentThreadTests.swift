import Foundation
import Posix
import XCTest

final class CurrentThreadTests: XCTestCase {
    /// Runs `body` on a new thread (whose name and nice value the test may change freely) and
    /// returns what it returned.
    private func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ThreadResult<T>()
        let thread = Thread { box.value = body(); box.done.signal() }
        thread.start()
        box.done.wait()
        return box.value!
    }

    func testSetNiceChangesOnlyTheCallingThread() throws {
        let before = CurrentThread.nice()
        let (seen, expected) = onNewThread { () -> (Int, Int) in
            let target = min(CurrentThread.nice() + 7, 19)
            do { try CurrentThread.setNice(target) } catch { return (-100, target) }
            return (CurrentThread.nice(), target)
        }
        XCTAssertEqual(seen, expected)
        XCTAssertEqual(CurrentThread.nice(), before, "another thread's nice value leaked into this one")
    }

    func testSetNameIsWhatTheKernelShowsCutTo15Bytes() throws {
        let name = onNewThread { () -> String in
            CurrentThread.setName("learnd-test-thread-name")
            return (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "unreadable"
        }
        XCTAssertEqual(name, "learnd-test-thr\n")
    }
}

private final class ThreadResult<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}
