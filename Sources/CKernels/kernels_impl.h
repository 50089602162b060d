// The kernels of one instruction set. kernels.c includes this file once per set, with
//   VEC   a float vector type of VW lanes (16, 8 or 4: one AVX-512, AVX2 or SSE register),
//   REV   the bit-reversal permutation of 0..<VW (see reduce),
//   CW    vectors per row chunk in the gradient kernels (register blocking),
//   F(n)  the set's name for function n,
// inside a `#pragma clang attribute` naming the target features. No state; see CKernels.h.

/// x[0..<n] (n <= VW) into a vector, zeros past n.
static inline VEC F(load_n)(const float *p, long n) {
    VEC v = 0;
    if (n == VW) { memcpy(&v, p, sizeof v); return v; }
    for (long k = 0; k < n; k++) v[k] = p[k];
    return v;
}

static inline void F(store_n)(float *p, VEC v, long n) {
    if (n == VW) { memcpy(p, &v, sizeof v); return; }
    for (long k = 0; k < n; k++) p[k] = v[k];
}

/// Lanes q of the result: the sum of the lanes of s[q], for VW accumulators s (a transposing
/// tree: each level halves the vectors and the lanes each one sums; log2(VW) levels of two
/// shuffles and one add per pair, instead of a horizontal sum per accumulator). The tree leaves
/// lane q holding the input at position REV[q], so the inputs go in bit-reversed order.
static inline VEC F(reduce)(const VEC *s) {
    VEC t[VW];
    UNROLL for (int k = 0; k < VW; k++) t[k] = s[REV[k]];
    int n = VW;
#if VW == 16
    UNROLL for (int k = 0; k < n / 2; k++) t[k] = LV16_1(t[2 * k], t[2 * k + 1]);
    n /= 2;
#endif
#if VW >= 8
    UNROLL for (int k = 0; k < n / 2; k++) t[k] = LV_G8(t[2 * k], t[2 * k + 1]);
    n /= 2;
#endif
    UNROLL for (int k = 0; k < n / 2; k++) t[k] = LV_G4(t[2 * k], t[2 * k + 1]);
    n /= 2;
    UNROLL for (int k = 0; k < n / 2; k++) t[k] = LV_G2(t[2 * k], t[2 * k + 1]);
    return t[0];
}

/// acc[r·NO + c] += W[c][i..<i+n]·A[r][i..<i+n] lane by lane (n <= VW).
static inline __attribute__((always_inline)) void F(forward_step)(
        VEC *acc, const float **wr, const float **ar, long i, long n, const int NB, const int NO) {
    VEC wv[NO];
    UNROLL for (int c = 0; c < NO; c++) wv[c] = F(load_n)(wr[c] + i, n);
    UNROLL for (int r = 0; r < NB; r++) {
        VEC av = F(load_n)(ar[r] + i, n);
        UNROLL for (int c = 0; c < NO; c++) acc[r * NO + c] = acc[r * NO + c] + wv[c] * av;
    }
}

/// One tile of the forward product: rows b0..<b0+NB by outputs o0..<o0+NO (NB·NO == VW), one
/// accumulator per (row, output) over fanIn, reduced together. Rows and outputs past the ends
/// are read clamped and not stored.
static inline __attribute__((always_inline)) void F(forward_tile)(
        const float *w, const float *bias, const float *a, float *z, long batch, long fanIn, long fanOut,
        int relu, long b0, long o0, const int NB, const int NO) {
    const float *wr[NO], *ar[NB];
    UNROLL for (int c = 0; c < NO; c++) wr[c] = w + (o0 + c < fanOut ? o0 + c : fanOut - 1) * fanIn;
    UNROLL for (int r = 0; r < NB; r++) ar[r] = a + (b0 + r < batch ? b0 + r : batch - 1) * fanIn;
    VEC acc[VW];
    UNROLL for (int q = 0; q < VW; q++) acc[q] = 0;
    long i = 0;
    for (; i + VW <= fanIn; i += VW) F(forward_step)(acc, wr, ar, i, VW, NB, NO);
    if (i < fanIn) F(forward_step)(acc, wr, ar, i, fanIn - i, NB, NO);
    VEC sum = F(reduce)(acc);
    if (b0 + NB <= batch && o0 + NO <= fanOut) {   // a whole tile: one bias add, max and store per row
        VEC bv;
        UNROLL for (int q = 0; q < VW; q++) bv[q] = bias[o0 + q % NO];
        sum = sum + bv;
        if (relu) sum = __builtin_elementwise_max(sum, (VEC)0);
        UNROLL for (int r = 0; r < NB; r++) memcpy(z + (b0 + r) * fanOut + o0, (float *)&sum + r * NO, NO * sizeof(float));
        return;
    }
    long outs = fanOut - o0 < NO ? fanOut - o0 : NO;
    for (int r = 0; r < NB && b0 + r < batch; r++) {
        float *out = z + (b0 + r) * fanOut + o0;
        for (long c = 0; c < outs; c++) {
            float v = sum[r * NO + c] + bias[o0 + c];
            out[c] = relu && v < 0 ? 0 : v;
        }
    }
}

static void F(forward)(const float *w, const float *bias, const float *a, float *z,
                       long batch, long fanIn, long fanOut, int relu) {
    enum { NB = FWD_ROWS, NO = VW / FWD_ROWS };
    long b = 0;
    for (; b + NB <= batch; b += NB)
        for (long o = 0; o < fanOut; o += NO) F(forward_tile)(w, bias, a, z, batch, fanIn, fanOut, relu, b, o, NB, NO);
    for (; b < batch; b++)
        for (long o = 0; o < fanOut; o += VW) F(forward_tile)(w, bias, a, z, batch, fanIn, fanOut, relu, b, o, 1, VW);
}

/// Hands gradient g of parameters k..<k+n (n <= VW) to the update; returns new·0 (NaN in a lane whose
/// new parameter is not finite), which the caller sums per tile: one running sum over the whole layer
/// would chain every update behind the previous one's add. MASKED: u->mask is not NULL (a constant in the
/// weight gradient, so a dense network's update has no branch).
static inline __attribute__((always_inline)) VEC F(apply)(const lk_update *u, long k, VEC g, long n,
                                                          const lk_update_kind KIND, const int MASKED) {
    VEC m = 1;
    if (MASKED) { m = F(load_n)(u->mask + k, n); g = g * m; }
    VEC p, first, second;
    switch (KIND) {
    case LK_STORE_GRADIENT:
        F(store_n)(u->gradient + k, g, n);
        return 0;
    case LK_SGD:
        p = F(load_n)(u->param + k, n) - u->lr * g;
        break;
    case LK_MOMENTUM:
        first = u->momentum * F(load_n)(u->first + k, n) + g;
        F(store_n)(u->firstOut + k, first, n);
        p = F(load_n)(u->param + k, n) - u->lr * first;
        break;
    case LK_ADAM:
        first = u->beta1 * F(load_n)(u->first + k, n) + (1 - u->beta1) * g;
        second = u->beta2 * F(load_n)(u->second + k, n) + (1 - u->beta2) * g * g;
        F(store_n)(u->firstOut + k, first, n);
        F(store_n)(u->secondOut + k, second, n);
        p = F(load_n)(u->param + k, n)
            - u->stepSize * first / (__builtin_elementwise_sqrt(second) * u->invSqrtCorrection2 + u->epsilon);
        break;
    }
    if (MASKED) p = p * m;
    F(store_n)(u->paramOut + k, p, n);
    return p * 0;
}

static inline int F(all_finite)(VEC finite) {
    float s = 0;
    for (int k = 0; k < VW; k++) s += finite[k];
    return s == 0;
}

/// One tile of the weight gradient: outputs o0..<o0+NO by inputs i0..<i0+len (len <= CW·VW),
/// accumulated over the batch (a broadcast delta times a vector of inputs), then handed to u.
static inline __attribute__((always_inline)) void F(weight_tile)(
        const float *dz, const float *a, long batch, long fanIn, long fanOut, const lk_update *u, long base,
        long o0, long i0, long len, VEC *finite, const int NO, const int FULL, const lk_update_kind KIND,
        const int MASKED) {
    VEC acc[NO][CW];
    UNROLL for (int c = 0; c < NO; c++) UNROLL for (int k = 0; k < CW; k++) acc[c][k] = 0;
    for (long b = 0; b < batch; b++) {
        const float *x = a + b * fanIn + i0, *d = dz + b * fanOut + o0;
        VEC xv[CW];
        UNROLL for (int k = 0; k < CW; k++) xv[k] = FULL ? F(load_n)(x + k * VW, VW) : F(load_n)(x + k * VW, CHUNK(len, k));
        UNROLL for (int c = 0; c < NO; c++) {
            VEC dv = d[c];
            UNROLL for (int k = 0; k < CW; k++) acc[c][k] = acc[c][k] + dv * xv[k];
        }
    }
    VEC tile[CW];   // new·0 summed per chunk: chains of NO adds, then one add into *finite per tile
    UNROLL for (int k = 0; k < CW; k++) tile[k] = 0;
    UNROLL for (int c = 0; c < NO; c++)
        UNROLL for (int k = 0; k < CW && k * VW < len; k++) {
            long n = len - k * VW < VW ? len - k * VW : VW;
            tile[k] = tile[k] + F(apply)(u, base + (o0 + c) * fanIn + i0 + k * VW, acc[c][k], n, KIND, MASKED);
        }
    UNROLL for (int k = 1; k < CW; k++) tile[0] = tile[0] + tile[k];
    *finite = *finite + tile[0];
}

/// The weight gradient with the update kind and the presence of masks constants (one copy each, no branch
/// per element).
static inline __attribute__((always_inline)) int F(weight_grad_tiles)(
        const float *dz, const float *a, long batch, long fanIn, long fanOut, const lk_update *u, long base,
        const lk_update_kind KIND, const int MASKED) {
    VEC finite = 0;
    long o = 0;
    for (; o + 4 <= fanOut; o += 4)
        for (long i = 0; i < fanIn; i += CW * VW) {
            long len = fanIn - i < CW * VW ? fanIn - i : CW * VW;
            if (len == CW * VW) F(weight_tile)(dz, a, batch, fanIn, fanOut, u, base, o, i, len, &finite, 4, 1, KIND, MASKED);
            else F(weight_tile)(dz, a, batch, fanIn, fanOut, u, base, o, i, len, &finite, 4, 0, KIND, MASKED);
        }
    for (; o < fanOut; o++)
        for (long i = 0; i < fanIn; i += CW * VW) {
            long len = fanIn - i < CW * VW ? fanIn - i : CW * VW;
            if (len == CW * VW) F(weight_tile)(dz, a, batch, fanIn, fanOut, u, base, o, i, len, &finite, 1, 1, KIND, MASKED);
            else F(weight_tile)(dz, a, batch, fanIn, fanOut, u, base, o, i, len, &finite, 1, 0, KIND, MASKED);
        }
    return F(all_finite)(finite);
}

static inline __attribute__((always_inline)) int F(weight_grad_kind)(
        const float *dz, const float *a, long batch, long fanIn, long fanOut, const lk_update *update, long base,
        const lk_update_kind KIND) {
    // A local copy: the stores of new parameters could alias *update (its floats), which would reload
    // every field after every store; the copy's fields stay in registers.
    const lk_update local = *update;
    return local.mask ? F(weight_grad_tiles)(dz, a, batch, fanIn, fanOut, &local, base, KIND, 1)
                      : F(weight_grad_tiles)(dz, a, batch, fanIn, fanOut, &local, base, KIND, 0);
}

static int F(weight_grad)(const float *dz, const float *a, long batch, long fanIn, long fanOut,
                          const lk_update *u, long base) {
    switch (u->kind) {
    case LK_STORE_GRADIENT: return F(weight_grad_kind)(dz, a, batch, fanIn, fanOut, u, base, LK_STORE_GRADIENT);
    case LK_SGD: return F(weight_grad_kind)(dz, a, batch, fanIn, fanOut, u, base, LK_SGD);
    case LK_MOMENTUM: return F(weight_grad_kind)(dz, a, batch, fanIn, fanOut, u, base, LK_MOMENTUM);
    case LK_ADAM: return F(weight_grad_kind)(dz, a, batch, fanIn, fanOut, u, base, LK_ADAM);
    }
    return 0;
}

static int F(bias_grad)(const float *dz, long batch, long fanOut, const lk_update *update, long base) {
    const lk_update local = *update, *u = &local;   // fields in registers (see weight_grad_kind)
    VEC finite = 0;
    for (long o = 0; o < fanOut; o += VW) {
        long n = fanOut - o < VW ? fanOut - o : VW;
        VEC g = 0;
        for (long b = 0; b < batch; b++) g = g + F(load_n)(dz + b * fanOut + o, n);
        finite = finite + F(apply)(u, base + o, g, n, u->kind, u->mask != 0);
    }
    return F(all_finite)(finite);
}

/// One tile of the input gradient: rows b0..<b0+NB by inputs i0..<i0+len (len <= CW·VW), a
/// broadcast delta times a vector of weights per output, then the activation's derivative.
static inline __attribute__((always_inline)) void F(input_tile)(
        float *da, const float *dz, const float *w, const float *a, long batch, long fanIn, long fanOut,
        int activation, long b0, long i0, long len, const int NB, const int FULL) {
    const float *d[NB];
    UNROLL for (int r = 0; r < NB; r++) d[r] = dz + (b0 + r < batch ? b0 + r : batch - 1) * fanOut;
    VEC acc[NB][CW];
    UNROLL for (int r = 0; r < NB; r++) UNROLL for (int k = 0; k < CW; k++) acc[r][k] = 0;
    for (long o = 0; o < fanOut; o++) {
        const float *wr = w + o * fanIn + i0;
        VEC wv[CW];
        UNROLL for (int k = 0; k < CW; k++) wv[k] = FULL ? F(load_n)(wr + k * VW, VW) : F(load_n)(wr + k * VW, CHUNK(len, k));
        UNROLL for (int r = 0; r < NB; r++) {
            VEC dv = d[r][o];
            UNROLL for (int k = 0; k < CW; k++) acc[r][k] = acc[r][k] + dv * wv[k];
        }
    }
    UNROLL for (int r = 0; r < NB; r++)
        UNROLL for (int k = 0; k < CW; k++) {
            if (b0 + r >= batch || k * VW >= len) continue;
            long n = len - k * VW < VW ? len - k * VW : VW, at = (b0 + r) * fanIn + i0 + k * VW;
            VEC g = acc[r][k];
            if (activation == 1) { VEC y = F(load_n)(a + at, n); g = y > 0 ? g : 0; }
            else if (activation == 2) { VEC y = F(load_n)(a + at, n); g = g * (1 - y * y); }
            F(store_n)(da + at, g, n);
        }
}

static void F(input_grad)(float *da, const float *dz, const float *w, const float *a,
                          long batch, long fanIn, long fanOut, int activation) {
    long b = 0;
    for (; b + 4 <= batch; b += 4)
        for (long i = 0; i < fanIn; i += CW * VW) {
            long len = fanIn - i < CW * VW ? fanIn - i : CW * VW;
            if (len == CW * VW) F(input_tile)(da, dz, w, a, batch, fanIn, fanOut, activation, b, i, len, 4, 1);
            else F(input_tile)(da, dz, w, a, batch, fanIn, fanOut, activation, b, i, len, 4, 0);
        }
    for (; b < batch; b++)
        for (long i = 0; i < fanIn; i += CW * VW) {
            long len = fanIn - i < CW * VW ? fanIn - i : CW * VW;
            if (len == CW * VW) F(input_tile)(da, dz, w, a, batch, fanIn, fanOut, activation, b, i, len, 1, 1);
            else F(input_tile)(da, dz, w, a, batch, fanIn, fanOut, activation, b, i, len, 1, 0);
        }
}

/// One row of standardised features: z = (x − shift)·scale, then min(max(z, −clip), clip) where z is finite.
/// Elementwise (no reduction), so every set gives the same bits; written with vectors for the per-row cost.
static void F(normalize)(const float *x, const float *shift, const float *scale, float *out, long n, float clip) {
    for (long i = 0; i < n; i += VW) {
        long len = n - i < VW ? n - i : VW;
        VEC z = (F(load_n)(x + i, len) - F(load_n)(shift + i, len)) * F(load_n)(scale + i, len);
        VEC clipped = __builtin_elementwise_min(__builtin_elementwise_max(z, (VEC)-clip), (VEC)clip);
        F(store_n)(out + i, __builtin_elementwise_abs(z) < __builtin_huge_valf() ? clipped : z, len);
    }
}

/// The float copies of a normaliser's statistics (see CKernels.h), four features at a time in double.
static void F(scales)(const double *mean, const double *m2, double n, float *shift, float *scale, long count) {
    for (long i = 0; i < count; i += 4) {
        long len = count - i < 4 ? count - i : 4;
        d4 m = 0, v = 0;
        for (long k = 0; k < len; k++) { m[k] = mean[i + k]; v[k] = m2[i + k]; }
        d4 sigma = n > 0 ? __builtin_elementwise_sqrt(v / n) : (d4)0;
        d4 inverse = sigma > 0 ? 1 / sigma : (d4)0;
        v4 s = __builtin_convertvector(m, v4), c = __builtin_convertvector(inverse, v4);
        for (long k = 0; k < len; k++) { shift[i + k] = s[k]; scale[i + k] = c[k]; }
    }
}

static const lk_set F(set) = {F(name), F(forward), F(weight_grad), F(bias_grad), F(input_grad), F(normalize),
                              F(scales)};
