/// Deterministic pseudo-random draws for the feed generator.
///
/// Every synthetic entity (household `i`, compound `k`, facility `f`) gets its own generator seeded from
/// (seed, stream, index), so any entity can be rebuilt on its own, in any order, without keeping the others in
/// memory: the generator streams each feed in one pass and still produces byte-identical files for one seed.
struct Draw {
    private var state: UInt64

    /// A generator for entity `index` of the kind `stream` (a small constant per purpose) under `seed`.
    init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = Draw.mix(seed &+ Draw.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019)
                         &+ index &* 0xD1B5_4A32_D192_ED03)
    }

    /// SplitMix64's finalizer: a bijective 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Draw.mix(state)
    }

    /// Uniform in 0..<bound (bound > 0), by multiply-high: no modulo bias worth mentioning for small bounds.
    mutating func int(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// Index into cumulative weights (last element is the total).
    mutating func pick(cumulative: [Double]) -> Int {
        let x = unit() * (cumulative.last ?? 1)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > x { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// A bijection of 0..<size onto itself (x → (a·x + b) mod size): distinct indexes get distinct values, which is
/// how resident IDs and phone numbers stay unique without remembering the ones already handed out.
struct AffinePermutation {
    let size: UInt64
    let multiplier: UInt64
    let offset: UInt64

    init(size: UInt64, seed: UInt64, stream: UInt64) {
        precondition(size > 1)
        self.size = size
        var draw = Draw(seed: seed, stream: stream, index: 0)
        // A multiplier coprime to size, large enough to scatter neighbouring indexes.
        var a = size / 2 + UInt64(draw.int(Int(min(size / 3, 1 << 40))))
        while AffinePermutation.gcd(a, size) != 1 { a += 1 }
        multiplier = a % size
        offset = draw.next() % size
    }

    func callAsFunction(_ x: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: multiplier)
        let (_, remainder) = size.dividingFullWidth((product.high, product.low))
        let sum = remainder.addingReportingOverflow(offset)
        return sum.overflow ? (sum.partialValue &- size) : sum.partialValue % size
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
