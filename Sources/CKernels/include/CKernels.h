/// Float32 kernels of learnd's dense layers, compiled once per x86-64 instruction set (AVX-512,
/// AVX2+FMA, SSE2 baseline) and chosen once at start by what the CPU offers; one portable set on
/// other architectures (aarch64 and the like). LearnCore's `Kernels` is the only caller.
///
/// Layouts (PyTorch's): a weight matrix W is row-major [fanOut][fanIn]; a batch of activations
/// or deltas is row-major [batch][width]. Every reduction runs in a fixed order that depends only
/// on the shapes and the kernel set, so results are bit-identical from run to run on one machine.
/// Sizes: batch >= 1, fanIn >= 1, fanOut >= 1.
#ifndef CKERNELS_H
#define CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// What `lk_weight_grad` and `lk_bias_grad` do with each gradient element g (after the mask):
typedef enum {
    LK_STORE_GRADIENT = 0, ///< gradient[k] = g
    LK_SGD = 1,            ///< paramOut[k] = param[k] − lr·g
    LK_MOMENTUM = 2,       ///< firstOut[k] = μ·first[k] + g; paramOut[k] = param[k] − lr·firstOut[k]
    LK_ADAM = 3,           ///< m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p − stepSize·m/(√v·invSqrtCorrection2 + ε)
} lk_update_kind;

/// The destination of a layer's gradient: stored, or applied at once by an optimiser (the
/// update fused into the gradient pass). Every array is indexed like the flat parameter buffer
/// (k = offset of the layer's weight + o·fanIn + i, bias after the weight); outputs never alias
/// inputs. `mask` (0 or 1 per parameter) multiplies the gradient and the new parameter; NULL
/// while the network is dense.
typedef struct {
    lk_update_kind kind;
    float lr, momentum, beta1, beta2, epsilon, stepSize, invSqrtCorrection2;
    const float *mask;
    float *gradient;
    const float *param;
    float *paramOut;
    const float *first;
    float *firstOut;
    const float *second;
    float *secondOut;
} lk_update;

/// Z[b][o] = bias[o] + Σ_i W[o][i]·A[b][i], then max(·, 0) when `relu` is nonzero.
void lk_forward(const float *w, const float *bias, const float *a, float *z,
                long batch, long fanIn, long fanOut, int relu);

/// g[o][i] = Σ_b dZ[b][o]·A[b][i] for the weight at flat offset `base`, handed to `u`.
/// Returns 1 when every new parameter written is finite (always 1 for LK_STORE_GRADIENT).
int lk_weight_grad(const float *dz, const float *a, long batch, long fanIn, long fanOut,
                   const lk_update *u, long base);

/// g[o] = Σ_b dZ[b][o] for the bias at flat offset `base`, handed to `u`; returns as above.
int lk_bias_grad(const float *dz, long batch, long fanOut, const lk_update *u, long base);

/// dA[b][i] = (Σ_o dZ[b][o]·W[o][i])·f'(A[b][i]) with f' given through the layer's stored output
/// A = f(pre-activation): `activation` 0 none, 1 ReLU (0 where A <= 0), 2 tanh (1 − A²).
void lk_input_grad(float *da, const float *dz, const float *w, const float *a,
                   long batch, long fanIn, long fanOut, int activation);

/// out[i] = (x[i] − shift[i])·scale[i], clipped to ±clip when finite (a non-finite value stays as it is):
/// one row of standardised features (LearnCore's Normalizer). n >= 1.
void lk_normalize(const float *x, const float *shift, const float *scale, float *out, long n, float clip);

/// The float copies of a normaliser's statistics after n records: shift[i] = (float)mean[i] and
/// scale[i] = (float)(1/σ) with σ = √(m2[i]/n), 0 where σ = 0 or n = 0. IEEE √ and ÷ in double, so every
/// set gives the same bits as the scalar formula.
void lk_scales(const double *mean, const double *m2, double n, float *shift, float *scale, long count);

/// The kernel set in use: "avx512", "avx2-fma", "sse2" or "portable".
const char *lk_kernel_name(void);

/// Tests only: switches to the named set when this CPU supports it; returns 1 when it did.
int lk_use_kernel(const char *name);

#ifdef __cplusplus
}
#endif
#endif
