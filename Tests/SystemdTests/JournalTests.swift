import Glibc
import XCTest
@testable import Systemd

final class JournalTests: XCTestCase {
    /// `$JOURNAL_STREAM` counts only when it names fd 2 itself (device and inode, systemd.exec(5)).
    func testStderrIsJournalOnlyWhenTheStreamNamesFdTwo() {
        var status = stat()
        XCTAssertEqual(fstat(2, &status), 0)
        let own = "\(UInt64(status.st_dev)):\(UInt64(status.st_ino))"
        XCTAssertTrue(Journal.stderrIsJournal(journalStream: own))
        XCTAssertFalse(Journal.stderrIsJournal(journalStream: "\(UInt64(status.st_dev)):\(UInt64(status.st_ino) + 1)"))
        XCTAssertFalse(Journal.stderrIsJournal(journalStream: nil))
        XCTAssertFalse(Journal.stderrIsJournal(journalStream: ""))
        XCTAssertFalse(Journal.stderrIsJournal(journalStream: "1"))
        XCTAssertFalse(Journal.stderrIsJournal(journalStream: own + ":0"))
        XCTAssertFalse(Journal.stderrIsJournal(journalStream: "x:y"))
    }

    func testEntryItemsInOrder() {
        let entry = JournalEntry(message: "Drift detected at record 7\nsecond line", messageID: "5c44cfb578844b44b427feccf7993362",
                                 priority: .notice, fields: [.init("LEARND_DRIFT_RECORD", "7")])
        XCTAssertEqual(entry.items(identifier: "learnd"), [
            "MESSAGE=Drift detected at record 7\nsecond line", "MESSAGE_ID=5c44cfb578844b44b427feccf7993362",
            "PRIORITY=5", "SYSLOG_IDENTIFIER=learnd", "LEARND_DRIFT_RECORD=7",
        ])
    }

    func testFieldNames() {
        XCTAssertTrue(Journal.isValidFieldName("LEARND_CHECKPOINT_PATH"))
        XCTAssertTrue(Journal.isValidFieldName("A1"))
        XCTAssertFalse(Journal.isValidFieldName("_SYSTEMD_UNIT"), "trusted fields are journald's")
        XCTAssertFalse(Journal.isValidFieldName("learnd_x"))
        XCTAssertFalse(Journal.isValidFieldName("A-B"))
        XCTAssertFalse(Journal.isValidFieldName(""))
        XCTAssertFalse(Journal.isValidFieldName(String(repeating: "A", count: 65)))
    }
}
