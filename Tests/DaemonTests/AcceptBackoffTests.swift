import Posix
import SystemPackage
import XCTest
@testable import Daemon

/// The accept back-off's bookkeeping: a failed accept rests its listener for a period, the log
/// line comes at most once a period (counting the ones left out), and a freed descriptor ends
/// every rest at once.
final class AcceptBackoffTests: XCTestCase {
    let emfile = PosixError(operation: "accept connection", errno: .tooManyOpenFiles)

    func testOneLinePerPeriodAndRestsUntilItEnds() throws {
        var backoff = AcceptBackoff()
        let t0 = ContinuousClock().now
        XCTAssertTrue(backoff.accepts(.ingest, at: t0))
        let first = try XCTUnwrap(backoff.failed(.ingest, emfile, at: t0))
        XCTAssertEqual(first, "Failed to accept ingest connection: Too many open files; not accepting ingest connections for 1.0 seconds")
        XCTAssertFalse(backoff.accepts(.ingest, at: t0 + .milliseconds(999)))
        XCTAssertTrue(backoff.accepts(.control, at: t0), "the other listener is not resting")
        XCTAssertEqual(backoff.nextResume, t0 + AcceptBackoff.period)
        XCTAssertNil(backoff.failed(.control, emfile, at: t0 + .milliseconds(10)), "within the period: no second line")
        XCTAssertTrue(backoff.accepts(.ingest, at: t0 + .seconds(1)))
        let next = try XCTUnwrap(backoff.failed(.ingest, emfile, at: t0 + .seconds(1)))
        XCTAssertTrue(next.contains("(2 times since the last such line)"), next)
        backoff.resume()
        XCTAssertTrue(backoff.accepts(.ingest, at: t0 + .seconds(1)))
        XCTAssertTrue(backoff.accepts(.control, at: t0 + .seconds(1)))
        XCTAssertNil(backoff.nextResume)
    }

    func testReserveDescriptorIsReleasedOnceAndRefilled() {
        var reserve = ReserveDescriptor()
        XCTAssertNotNil(reserve.fd)
        XCTAssertTrue(reserve.release())
        XCTAssertFalse(reserve.release(), "nothing held any more")
        reserve.refill()
        XCTAssertNotNil(reserve.fd)
        _ = reserve.release()
    }
}
