import LearnCore

/// Sections `PROT` (memory protection, SI or online EWC) and `TNRM` (target normalisation, regress).
///
/// `PROT`: u8 kind (0 none, 1 si, 2 ewc); u64 N (0 for none, else P); N × f32 importance Ω; N × f32 anchor θ*;
/// N × f32 running evidence; u64 consolidations; u64 learned records at the last consolidation; the
/// consolidation trigger: u32 R, R × f32 ring of losses, u32 next index, f64 plateau loss, u8 risen.
/// `TNRM`: as `NORM`, over the `outputs` targets (0 features for classify).
enum ProtectionSection {
    static func encode(_ p: Protection, into w: inout ByteWriter) throws(CheckpointError) {
        w.u8(ConfigSection.code(p.kind, in: ConfigSection.protections))
        guard p.anchor.count == p.importance.count, p.running.count == p.importance.count else {
            throw .unencodable("protection arrays differ in length")
        }
        try w.u64(p.importance.count, "protection values")
        w.floats(p.importance)
        w.floats(p.anchor)
        w.floats(p.running)
        try w.u64(p.consolidations, "consolidations")
        try w.u64(p.lastConsolidation, "last consolidation")
        try w.u32(p.trigger.losses.count, "trigger losses")
        w.floats(p.trigger.losses)
        try w.u32(p.trigger.next, "trigger index")
        w.f64(p.trigger.plateauLoss)
        w.u8(p.trigger.risen ? 1 : 0)
    }

    static func decode(_ r: inout ByteReader, config c: LearnerConfig,
                       parameters: Int) throws(CheckpointError) -> Protection {
        let kind = try ConfigSection.choice(&r, ConfigSection.protections, "protection")
        guard kind == c.protect else {
            throw r.invalid("protection \(kind.rawValue) differs from the configuration's \(c.protect.rawValue)")
        }
        let n = kind == .none ? 0 : parameters
        let count = try r.u64("values", in: n...n)
        let importance = try r.floats(count), anchor = try r.floats(count), running = try r.floats(count)
        guard [importance, anchor, running].allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw r.invalid("holds non-finite values")
        }
        guard importance.allSatisfy({ $0 >= 0 }) else { throw r.invalid("holds a negative importance") }
        let consolidations = try r.u64("consolidations", in: 0...Limits.count)
        let last = try r.u64("last consolidation", in: 0...Limits.count)
        let window = 2 * ConsolidationTrigger.half
        let losses = try r.floats(try r.u32("trigger losses", in: 0...window))
        let next = try r.u32("trigger index", in: 0...(window - 1))
        let plateau = try r.f64()
        let risen = try ConfigSection.flag(&r, "trigger risen")
        try r.finish()
        guard losses.allSatisfy(\.isFinite), plateau.isFinite else {
            throw r.invalid("trigger holds non-finite values")
        }
        let trigger = ConsolidationTrigger(losses: losses, next: next, plateauLoss: plateau, risen: risen)
        return Protection(kind: kind, importance: importance, anchor: anchor, running: running,
                          consolidations: consolidations, lastConsolidation: last, trigger: trigger)
    }
}
