/// The memory budget for what learnd holds for its clients (`ingest.max_buffered_bytes`;
/// docs/configuration-keys.md): partially received lines and unsent replies of every producer
/// and control client, together.
///
/// Once the total reaches the limit, no producer is read (the kernel holds what they send:
/// backpressure), except one that has hung up: what it sent is finite and reading it to its end
/// frees its partial line, so the budget cannot stay spent by clients that are gone. One at a
/// time (the lowest id), so the overshoot is at most one read chunk and one line. Control clients
/// are read while their own unsent responses stay under `ControlConnection.replyLimit`, so
/// `status` still answers while producers fill the budget.
struct Budget {
    let limit: Int
    /// Bytes held now; `read(_:_:)` keeps it current within a loop turn.
    private(set) var total: Int
    /// The hung-up producer read while the budget is spent.
    let drainingID: Int?

    init(limit: Int, ingest: some Collection<IngestConnection>, control: some Collection<ControlConnection>) {
        self.limit = limit
        var total = 0
        for c in ingest { total += c.bufferedBytes }
        for c in control { total += c.bufferedBytes }
        self.total = total
        drainingID = total >= limit ? ingest.filter { $0.hangUpSeen && !$0.inputEnded && !$0.peerGone }.map(\.id).min() : nil
    }

    var spent: Bool { total >= limit }

    /// Whether producer `c` may be read now.
    func mayRead(_ c: IngestConnection) -> Bool { !spent || c.id == drainingID }

    /// Reads from `c` with `body` if the budget allows, counting what the read added.
    mutating func read(_ c: IngestConnection, _ body: () -> Void) {
        guard mayRead(c) else { return }
        let before = c.bufferedBytes
        body()
        total += c.bufferedBytes - before
    }
}
