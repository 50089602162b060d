import XCTest
import LearnCore
@testable import Daemon

/// The journal event of a tuning member's reset: its fixed MESSAGE_ID (explained in
/// Units/learnd.catalog, which Tools/check-units holds to Event's ids) and its LEARND_TUNING_* fields.
final class TuningResetEventTests: XCTestCase {
    func testTheResetEventCarriesItsIdAndFields() {
        XCTAssertEqual(Event.tuningReset.messageID, "f459123d81874d24a29d283247c35348")
        let reset = TuningReset(member: 1, source: 0, rateBefore: 0.02, rate: 0.005, record: 5)
        let fields = TuningReset.journalFields(reset).map { "\($0.key)=\($0.value)" }
        XCTAssertEqual(fields, ["TUNING_MEMBER=1", "TUNING_SOURCE=0", "TUNING_RATE_BEFORE=0.02", "TUNING_RATE=0.005",
                                "RECORDS_LEARNED=5"])
        XCTAssertEqual(reset.message, "tuning: member 1 (learning rate 0.02) took a non-finite step at record 5; "
                       + "reset to a copy of member 0 at learning rate 0.005")
    }
}
