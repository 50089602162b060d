/// Float32 kernels of the dense layers. The only place in LearnCore that touches raw pointers.
///
/// Layouts: a weight matrix is row-major `[out][in]` (PyTorch's `nn.Linear.weight`), a batch of
/// activations is row-major `[batch][width]`. Reductions run in a fixed order, so results are
/// bit-identical from run to run on the same binary.
enum Kernels {
    typealias Vec = SIMD16<Float>

    /// Σ a[i]·b[i] for i in 0..<n.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = Vec(), acc1 = Vec()
        var i = 0
        while i + 32 <= n {
            acc0 += load(a + i) * load(b + i)
            acc1 += load(a + i + 16) * load(b + i + 16)
            i += 32
        }
        if i + 16 <= n { acc0 += load(a + i) * load(b + i); i += 16 }
        var sum = hsum(acc0 + acc1)
        while i < n { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// y[i] += alpha·x[i] for i in 0..<n.
    @inline(__always)
    static func axpy(_ y: UnsafeMutablePointer<Float>, _ alpha: Float, _ x: UnsafePointer<Float>, _ n: Int) {
        let va = Vec(repeating: alpha)
        var i = 0
        while i + 16 <= n {
            store(y + i, load(y + i) + va * load(x + i))
            i += 16
        }
        while i < n { y[i] += alpha * x[i]; i += 1 }
    }

    /// Z[b][o] = bias[o] + Σ_i W[o][i]·A[b][i]. Four weight rows per pass share each load of A.
    static func forward(weight w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        input a: UnsafePointer<Float>, output z: UnsafeMutablePointer<Float>,
                        batch: Int, fanIn: Int, fanOut: Int) {
        for b in 0..<batch {
            let row = a + b * fanIn
            let out = z + b * fanOut
            var o = 0
            while o + 4 <= fanOut {
                dot4(w + o * fanIn, fanIn, row, out + o)
                for j in 0..<4 { out[o + j] += bias[o + j] }
                o += 4
            }
            while o < fanOut { out[o] = bias[o] + dot(w + o * fanIn, row, fanIn); o += 1 }
        }
    }

    /// out[j] = Σ_i W[j][i]·x[i] for four consecutive rows j of a `[*][n]` matrix.
    @inline(__always)
    private static func dot4(_ w: UnsafePointer<Float>, _ n: Int, _ x: UnsafePointer<Float>,
                             _ out: UnsafeMutablePointer<Float>) {
        var a0 = Vec(), a1 = Vec(), a2 = Vec(), a3 = Vec()
        var i = 0
        while i + 16 <= n {
            let xv = load(x + i)
            a0 += load(w + i) * xv
            a1 += load(w + n + i) * xv
            a2 += load(w + 2 * n + i) * xv
            a3 += load(w + 3 * n + i) * xv
            i += 16
        }
        var s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3)
        while i < n {
            s0 += w[i] * x[i]; s1 += w[n + i] * x[i]; s2 += w[2 * n + i] * x[i]; s3 += w[3 * n + i] * x[i]
            i += 1
        }
        out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3
    }

    /// dW[o][i] = Σ_b dZ[b][o]·A[b][i] (overwrites). Four 16-wide chunks of a dW row stay in
    /// registers across the batch; no branch on zero deltas (mispredicted ReLU patterns cost more
    /// than the multiply).
    static func weightGrad(dW: UnsafeMutablePointer<Float>, delta dz: UnsafePointer<Float>,
                           input a: UnsafePointer<Float>, batch: Int, fanIn: Int, fanOut: Int) {
        for o in 0..<fanOut {
            let row = dW + o &* fanIn
            var i = 0
            while i &+ 64 <= fanIn {
                var s0 = Vec(), s1 = Vec(), s2 = Vec(), s3 = Vec()
                for b in 0..<batch {
                    let d = Vec(repeating: dz[b &* fanOut &+ o]), x = a + (b &* fanIn &+ i)
                    s0 += d * load(x); s1 += d * load(x + 16); s2 += d * load(x + 32); s3 += d * load(x + 48)
                }
                store(row + i, s0); store(row + i + 16, s1); store(row + i + 32, s2); store(row + i + 48, s3)
                i &+= 64
            }
            while i &+ 16 <= fanIn {
                var s0 = Vec()
                for b in 0..<batch { s0 += Vec(repeating: dz[b &* fanOut &+ o]) * load(a + (b &* fanIn &+ i)) }
                store(row + i, s0)
                i &+= 16
            }
            while i < fanIn {
                var sum: Float = 0
                for b in 0..<batch { sum += dz[b &* fanOut &+ o] * a[b &* fanIn &+ i] }
                row[i] = sum
                i &+= 1
            }
        }
    }

    /// db[o] = Σ_b dZ[b][o] (overwrites).
    static func biasGrad(dB: UnsafeMutablePointer<Float>, delta dz: UnsafePointer<Float>, batch: Int, fanOut: Int) {
        dB.update(repeating: 0, count: fanOut)
        for b in 0..<batch { axpy(dB, 1, dz + b * fanOut, fanOut) }
    }

    /// dA[b][i] = Σ_o dZ[b][o]·W[o][i] (the delta handed to the layer below).
    static func inputGrad(dA: UnsafeMutablePointer<Float>, delta dz: UnsafePointer<Float>,
                          weight w: UnsafePointer<Float>, batch: Int, fanIn: Int, fanOut: Int) {
        for b in 0..<batch {
            let row = dA + b * fanIn, d = dz + b * fanOut
            var i = 0
            while i + 16 <= fanIn {
                var acc = Vec()
                for o in 0..<fanOut where d[o] != 0 { acc += Vec(repeating: d[o]) * load(w + o * fanIn + i) }
                store(row + i, acc)
                i += 16
            }
            while i < fanIn {
                var sum: Float = 0
                for o in 0..<fanOut { sum += d[o] * w[o * fanIn + i] }
                row[i] = sum
                i += 1
            }
        }
    }

    /// In place: z ← f(z) for the hidden activation f.
    static func activate(_ z: UnsafeMutablePointer<Float>, _ n: Int, _ f: Activation) {
        switch f {
        case .relu:
            var i = 0
            while i + 16 <= n { let v = load(z + i); store(z + i, v.replacing(with: 0, where: v .< 0)); i += 16 }
            while i < n { z[i] = max(z[i], 0); i += 1 }
        case .tanh:
            for i in 0..<n { z[i] = Math.tanh(z[i]) }
        }
    }

    /// In place: d ← d·f'(z), with f' expressed through the stored output a = f(z).
    static func multiplyByActivationDerivative(_ d: UnsafeMutablePointer<Float>, output a: UnsafePointer<Float>,
                                               _ n: Int, _ f: Activation) {
        switch f {
        case .relu:
            var i = 0
            while i + 16 <= n { store(d + i, load(d + i).replacing(with: 0, where: load(a + i) .<= 0)); i += 16 }
            while i < n { if a[i] <= 0 { d[i] = 0 }; i += 1 }
        case .tanh: for i in 0..<n { d[i] *= 1 - a[i] * a[i] }
        }
    }

    /// x[i] *= m[i] (applies a 0/1 mask).
    static func multiply(_ x: UnsafeMutablePointer<Float>, by m: UnsafePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n { store(x + i, load(x + i) * load(m + i)); i += 16 }
        while i < n { x[i] *= m[i]; i += 1 }
    }

    /// x[i] *= s.
    static func scale(_ x: UnsafeMutablePointer<Float>, by s: Float, _ n: Int) {
        var i = 0
        let vs = Vec(repeating: s)
        while i + 16 <= n { store(x + i, load(x + i) * vs); i += 16 }
        while i < n { x[i] *= s; i += 1 }
    }

    /// True when every x[i] is finite: x·0 is 0 for finite x and NaN otherwise.
    static func allFinite(_ x: UnsafePointer<Float>, _ n: Int) -> Bool {
        var acc = Vec()
        var i = 0
        while i + 16 <= n { acc += load(x + i) * Vec(); i += 16 }
        var tail: Float = 0
        while i < n { tail += x[i] * 0; i += 1 }
        return hsum(acc) + tail == 0
    }

    /// Σ x[i]² for i in 0..<n.
    static func sumOfSquares(_ x: UnsafePointer<Float>, _ n: Int) -> Float { dot(x, x, n) }

    /// Horizontal sum by halving (a fixed tree order; cheaper than the 15-add chain of `sum()`).
    @inline(__always) static func hsum(_ v: Vec) -> Float {
        let h8 = v.lowHalf + v.highHalf
        let h4 = h8.lowHalf + h8.highHalf
        let h2 = h4.lowHalf + h4.highHalf
        return h2[0] + h2[1]
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Vec {
        UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
    }
    @inline(__always) static func store(_ p: UnsafeMutablePointer<Float>, _ v: Vec) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec.self)
    }
}
