/// Replay memory: a uniform sample of the records offered so far (Vitter's Algorithm R), or,
/// with the class-balanced policy, a sample that shares the capacity among the classes seen so
/// far (Chrysakis and Moens 2020, "Online Continual Learning from Imbalanced Data", CBRS).
///
/// Items are stored raw (not normalised). Item i's features are
/// `features[i·featureWidth ..< (i+1)·featureWidth]`, its target
/// `targets[i·targetWidth ..< (i+1)·targetWidth]` (a class slot as a float for classify,
/// the target values for regress). With `logitWidth > 0` (dark-experience replay) item i also
/// carries the network's outputs for it when it was offered,
/// `logits[i·logitWidth ..< (i+1)·logitWidth]`.
/// Invariants: `count ≤ capacity`, `count == min(seen, capacity)`, `logits.count == count·logitWidth`.
public struct Reservoir: Equatable, Sendable {
    public let capacity: Int
    public let featureWidth: Int
    public let targetWidth: Int
    public private(set) var features: [Float]
    public private(set) var targets: [Float]
    /// Records offered so far (Algorithm R's t).
    public private(set) var seen: Int
    public let policy: ReplayPolicy
    /// Class-balanced only: records offered per class slot (CBRS's n_c); empty otherwise.
    public private(set) var classSeen: [Int]
    /// Outputs stored per item (0: none).
    public private(set) var logitWidth: Int
    /// The stored outputs, item after item (empty when `logitWidth == 0`).
    public private(set) var logits: [Float]

    public init(capacity: Int, featureWidth: Int, targetWidth: Int, policy: ReplayPolicy = .reservoir,
                logitWidth: Int = 0) {
        self.init(capacity: capacity, featureWidth: featureWidth, targetWidth: targetWidth,
                  features: [], targets: [], seen: 0, policy: policy, classSeen: [], logitWidth: logitWidth)
    }

    public init(capacity: Int, featureWidth: Int, targetWidth: Int, features: [Float], targets: [Float], seen: Int,
                policy: ReplayPolicy = .reservoir, classSeen: [Int] = [], logitWidth: Int = 0, logits: [Float] = []) {
        precondition(policy == .reservoir || targetWidth == 1, "class-balanced replay needs class targets")
        precondition(features.count % featureWidth == 0 && targets.count % targetWidth == 0)
        precondition(features.count / featureWidth == targets.count / targetWidth)
        precondition(features.count / featureWidth <= capacity)
        precondition(logitWidth >= 0 && logits.count == features.count / featureWidth * logitWidth)
        self.capacity = capacity
        self.featureWidth = featureWidth
        self.targetWidth = targetWidth
        self.features = features
        self.targets = targets
        self.seen = seen
        self.policy = policy
        self.classSeen = classSeen
        self.logitWidth = logitWidth
        self.logits = logits
    }

    public var count: Int { features.count / featureWidth }

    public func features(at i: Int) -> ArraySlice<Float> {
        features[(i * featureWidth)..<((i + 1) * featureWidth)]
    }

    public func target(at i: Int) -> ArraySlice<Float> {
        targets[(i * targetWidth)..<((i + 1) * targetWidth)]
    }

    /// Item i's stored outputs (empty when `logitWidth == 0`).
    public func logits(at i: Int) -> ArraySlice<Float> {
        logits[(i * logitWidth)..<((i + 1) * logitWidth)]
    }

    /// Algorithm R: the first `capacity` records fill the buffer; record t (1-based) then replaces
    /// a uniformly chosen item with probability capacity/t. `logits` (`logitWidth` values) are
    /// stored with the record when it is kept; ignored when `logitWidth == 0`.
    mutating func offer(_ x: [Float], target: [Float], logits: ArraySlice<Float> = [], rng: inout Rng) {
        precondition(logitWidth == 0 || logits.count == logitWidth)
        seen += 1
        if policy == .classBalanced { countClass(Int(target[0])) }
        guard capacity > 0 else { return }
        let item = Item(x: x, target: target, logits: logitWidth > 0 ? logits : [])
        if count < capacity {
            features.append(contentsOf: x)
            targets.append(contentsOf: target)
            self.logits.append(contentsOf: item.logits)
            return
        }
        switch policy {
        case .reservoir:
            let j = rng.below(seen)
            if j < capacity { replace(j, item) }
        case .classBalanced:
            offerBalanced(item, slot: Int(target[0]), rng: &rng)
        }
    }

    /// A record on its way into the buffer.
    struct Item {
        var x: [Float]
        var target: [Float]
        var logits: ArraySlice<Float>
    }

    /// CBRS on a full buffer: a record of a class that is not the largest in memory replaces a
    /// random item of the largest class; a record of the largest class replaces a random item
    /// of its own class with probability m_c/n_c (reservoir sampling within the class).
    private mutating func offerBalanced(_ item: Item, slot: Int, rng: inout Rng) {
        var inMemory = [Int](repeating: 0, count: max(classSeen.count, slot + 1))
        for t in targets { inMemory[Int(t)] += 1 }
        let largest = inMemory.indices.max { inMemory[$0] < inMemory[$1] }!
        if inMemory[slot] < inMemory[largest] {
            replace(randomItem(ofClass: largest, among: inMemory[largest], rng: &rng), item)
        } else if rng.below(classSeen[slot]) < inMemory[slot] {
            replace(randomItem(ofClass: slot, among: inMemory[slot], rng: &rng), item)
        }
    }

    private func randomItem(ofClass slot: Int, among n: Int, rng: inout Rng) -> Int {
        var k = rng.below(n)
        for (i, t) in targets.enumerated() where Int(t) == slot {
            if k == 0 { return i }
            k -= 1
        }
        preconditionFailure("class count and buffer agree")
    }

    private mutating func countClass(_ slot: Int) {
        if classSeen.count <= slot { classSeen += [Int](repeating: 0, count: slot + 1 - classSeen.count) }
        classSeen[slot] += 1
    }

    private mutating func replace(_ i: Int, _ item: Item) {
        features.replaceSubrange((i * featureWidth)..<((i + 1) * featureWidth), with: item.x)
        targets.replaceSubrange((i * targetWidth)..<((i + 1) * targetWidth), with: item.target)
        if logitWidth > 0 { logits.replaceSubrange((i * logitWidth)..<((i + 1) * logitWidth), with: item.logits) }
    }

    /// Starts or stops storing outputs with the items: `width` values per item, those of the items
    /// already held computed by `outputs` (given an item's raw features); 0 drops them.
    mutating func storeLogits(width: Int, outputs: (ArraySlice<Float>) -> ArraySlice<Float>) {
        guard width != logitWidth else { return }
        logitWidth = width
        logits = []
        guard width > 0 else { return }
        logits.reserveCapacity(capacity * width)
        for i in 0..<count {
            let row = outputs(features(at: i))
            precondition(row.count == width)
            logits.append(contentsOf: row)
        }
    }

    /// After a concept drift: keeps a uniform random `fraction` of the items (in their order) and
    /// restarts the sampling as if the kept items were all that was ever offered, so that the
    /// records of the new regime fill the memory quickly.
    mutating func refresh(keeping fraction: Float, rng: inout Rng) {
        let keep = min(count, Int((Float(count) * fraction).rounded(.down)))
        var order = Array(0..<count)
        for i in 0..<keep { order.swapAt(i, i + rng.below(count - i)) }
        let kept = order.prefix(keep).sorted()
        var newFeatures: [Float] = [], newTargets: [Float] = [], newLogits: [Float] = []
        newFeatures.reserveCapacity(capacity * featureWidth)
        newTargets.reserveCapacity(capacity * targetWidth)
        newLogits.reserveCapacity(capacity * logitWidth)
        for i in kept {
            newFeatures.append(contentsOf: features(at: i))
            newTargets.append(contentsOf: target(at: i))
            newLogits.append(contentsOf: logits(at: i))
        }
        features = newFeatures
        targets = newTargets
        logits = newLogits
        seen = keep
        if policy == .classBalanced {
            for c in classSeen.indices { classSeen[c] = 0 }
            for t in targets { classSeen[Int(t)] += 1 }
        }
    }

    /// `k` item indices drawn uniformly with replacement; none when the buffer is empty.
    func draw(_ k: Int, rng: inout Rng) -> [Int] {
        var drawn: [Int] = []
        draw(k, rng: &rng, into: &drawn)
        return drawn
    }

    /// The same draw into `drawn` (emptied first; its storage is reused, so a step allocates nothing).
    func draw(_ k: Int, rng: inout Rng, into drawn: inout [Int]) {
        drawn.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        for _ in 0..<k { drawn.append(rng.below(count)) }
    }
}
