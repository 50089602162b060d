import CKernels

/// Float32 kernels of the dense layers. The only place in LearnCore that touches raw pointers.
///
/// Layouts: a weight matrix is row-major `[out][in]` (PyTorch's `nn.Linear.weight`), a batch of
/// activations is row-major `[batch][width]`. Reductions run in a fixed order, so results are
/// bit-identical from run to run on the same binary and CPU. The layer kernels (forward, the
/// gradients, the fused optimiser update) are C in CKernels, one set per instruction set chosen
/// at start; the elementwise ones here are portable Swift SIMD.
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

    /// The kernel set chosen at start for this CPU (CKernels): "avx512", "avx2-fma", "sse2" or "portable".
    static var name: String { String(cString: lk_kernel_name()) }

    /// Tests: switches to the named kernel set; false when this CPU cannot run it.
    static func use(_ name: String) -> Bool { lk_use_kernel(name) != 0 }

    /// Z[b][o] = bias[o] + Σ_i W[o][i]·A[b][i], then max(·, 0) when `relu`.
    /// Shapes: W `[fanOut][fanIn]`, A `[batch][fanIn]`, Z `[batch][fanOut]`.
    static func forward(weight w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        input a: UnsafePointer<Float>, output z: UnsafeMutablePointer<Float>,
                        batch: Int, fanIn: Int, fanOut: Int, relu: Bool = false) {
        lk_forward(w, bias, a, z, batch, fanIn, fanOut, relu ? 1 : 0)
    }

    /// dW[o][i] = Σ_b dZ[b][o]·A[b][i] (overwrites). Shapes: dZ `[batch][fanOut]`, A `[batch][fanIn]`.
    static func weightGrad(dW: UnsafeMutablePointer<Float>, delta dz: UnsafePointer<Float>,
                           input a: UnsafePointer<Float>, batch: Int, fanIn: Int, fanOut: Int) {
        var u = lk_update()
        u.kind = LK_STORE_GRADIENT
        u.gradient = dW
        _ = lk_weight_grad(dz, a, batch, fanIn, fanOut, &u, 0)
    }

    /// db[o] = Σ_b dZ[b][o] (overwrites).
    static func biasGrad(dB: UnsafeMutablePointer<Float>, delta dz: UnsafePointer<Float>, batch: Int, fanOut: Int) {
        var u = lk_update()
        u.kind = LK_STORE_GRADIENT
        u.gradient = dB
        _ = lk_bias_grad(dz, batch, fanOut, &u, 0)
    }

    /// dA[b][i] = Σ_o dZ[b][o]·W[o][i] (the delta handed to the layer below), times f'(A[b][i])
    /// when `derivativeOf` gives the layer below's activation f and its stored output A = f(z).
    static func inputGrad(dA: UnsafeMutablePointer<Float>, delta dz: UnsafePointer<Float>,
                          weight w: UnsafePointer<Float>, batch: Int, fanIn: Int, fanOut: Int,
                          derivativeOf f: (Activation, output: UnsafePointer<Float>)? = nil) {
        let code: Int32 = switch f?.0 { case nil: 0; case .relu: 1; case .tanh: 2 }
        lk_input_grad(dA, dz, w, f?.output, batch, fanIn, fanOut, code)
    }

    /// out[i] = (x[i] − shift[i])·scale[i] clipped to ±clip, a non-finite value left as it is (i in 0..<count).
    static func normalize(_ x: UnsafePointer<Float>, shift: UnsafePointer<Float>, scale: UnsafePointer<Float>,
                          into out: UnsafeMutablePointer<Float>, count: Int, clip: Float) {
        lk_normalize(x, shift, scale, out, count, clip)
    }

    /// shift[i] = Float(mean[i]), scale[i] = Float(1/σ) with σ = √(m2[i]/n), 0 where σ or n is 0 (i in 0..<count).
    static func scales(mean: UnsafePointer<Double>, m2: UnsafePointer<Double>, records n: Double,
                       shift: UnsafeMutablePointer<Float>, scale: UnsafeMutablePointer<Float>, count: Int) {
        lk_scales(mean, m2, n, shift, scale, count)
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
