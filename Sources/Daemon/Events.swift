#if canImport(Glibc)
import Glibc
#endif
import LearnCore
import Systemd

/// learnd's events with a fixed journal `MESSAGE_ID` each (README, "Journal events"; `Units/learnd.catalog`
/// explains each id for `journalctl -x`). The ids never change: alerting and `journalctl MESSAGE_ID=` rely on them.
enum Event: String, CaseIterable, Sendable {
    case started = "05fc732012314ea9a338c32b5194a528"
    case checkpointWritten = "c592eb3f52774216a490bb5db2c9cb65"
    case checkpointFailed = "4526365635e84237a6c7773b4469ec4a"
    case restored = "4975e042308c446aa04e537a571a4da6"
    case fellBack = "53f34c17f36b421383a67fb4adbe5b67"
    case drift = "5c44cfb578844b44b427feccf7993362"
    case reload = "ffb4d10edb2c41f29b78efa97543d932"
    case peerRefused = "457c031abc0c46aca0d55103b6887c49"
    case stopping = "cc1bf20484494bfca0080415276fd1c3"
    /// `set_weights` replaced the model (live weights, federation).
    case weightsLoaded = "da146812f587455c9f89944624a90e57"
    /// A member of the tuned population (`train.tuning = "auto"`) took a non-finite step and was reset.
    case tuningReset = "f459123d81874d24a29d283247c35348"

    var messageID: String { rawValue }
}

extension Log {
    /// Whether stderr is journald's stream (`$JOURNAL_STREAM` names fd 2's device and inode), read once.
    static let toJournal = Journal.stderrIsJournal(journalStream: getenv("JOURNAL_STREAM").map { String(cString: $0) })

    /// The one function for learnd's events. Under journald: a structured entry with the event's `MESSAGE_ID`,
    /// `PRIORITY` and `LEARND_*` fields (names without the prefix, e.g. `"CHECKPOINT_PATH"`). Elsewhere, or if
    /// the journal refuses the entry: the same message as the plain line of `callAsFunction`.
    func event(_ kind: Event, _ level: Level, _ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        if Self.toJournal {
            let entry = JournalEntry(message: message, messageID: kind.messageID,
                                     priority: JournalPriority(rawValue: Int32(level.rawValue)) ?? .info,
                                     fields: fields.map { JournalEntry.Field("LEARND_" + $0.key, $0.value) })
            if Journal.send(entry, identifier: "learnd") == nil { return }
        }
        self(level, message)
    }
}

extension Log {
    /// A tuning member's reset (`TunedLearner.events`) as a warning with `LEARND_TUNING_*` fields.
    func tuningReset(_ reset: TuningReset) {
        event(.tuningReset, .warning, reset.message, TuningReset.journalFields(reset))
    }
}

extension TuningReset {
    /// The journal fields of a reset (without the `LEARND_` prefix): member, source, rates, record.
    static func journalFields(_ reset: TuningReset) -> KeyValuePairs<String, String> {
        ["TUNING_MEMBER": String(reset.member), "TUNING_SOURCE": String(reset.source),
         "TUNING_RATE_BEFORE": String(reset.rateBefore), "TUNING_RATE": String(reset.rate),
         "RECORDS_LEARNED": String(reset.record)]
    }
}
