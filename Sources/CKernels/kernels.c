// Dispatch: one kernel set per instruction set, chosen once at start (a constructor) by what
// the CPU and the operating system support. See CKernels.h for the contract, kernels_impl.h
// for the kernels.
#include "CKernels.h"
#include <string.h>   // memcpy, strcmp

typedef struct {
    const char *name;
    void (*forward)(const float *, const float *, const float *, float *, long, long, long, int);
    int (*weight_grad)(const float *, const float *, long, long, long, const lk_update *, long);
    int (*bias_grad)(const float *, long, long, const lk_update *, long);
    void (*input_grad)(float *, const float *, const float *, const float *, long, long, long, int);
    void (*normalize)(const float *, const float *, const float *, float *, long, float);
    void (*scales)(const double *, const double *, double, float *, float *, long);
} lk_set;

typedef float v16 __attribute__((ext_vector_type(16)));
typedef float v8 __attribute__((ext_vector_type(8)));
typedef float v4 __attribute__((ext_vector_type(4)));
typedef double d4 __attribute__((ext_vector_type(4)));

// One level of the transposing reduction (kernels_impl.h, reduce) on vectors whose lanes form
// groups of g partial sums: P takes the first half of every group of x and y, Q the second
// half; P + Q has groups of g/2. Named by vector width and g.
#define LV16_1(x, y) (__builtin_shufflevector(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) \
                    + __builtin_shufflevector(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31))
#define LV16_G8(x, y) (__builtin_shufflevector(x, y, 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27) \
                     + __builtin_shufflevector(x, y, 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31))
#define LV16_G4(x, y) (__builtin_shufflevector(x, y, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29) \
                     + __builtin_shufflevector(x, y, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31))
#define LV16_G2(x, y) (__builtin_shufflevector(x, y, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30) \
                     + __builtin_shufflevector(x, y, 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31))
#define LV8_G8(x, y) (__builtin_shufflevector(x, y, 0, 1, 2, 3, 8, 9, 10, 11) \
                    + __builtin_shufflevector(x, y, 4, 5, 6, 7, 12, 13, 14, 15))
#define LV8_G4(x, y) (__builtin_shufflevector(x, y, 0, 1, 8, 9, 4, 5, 12, 13) \
                    + __builtin_shufflevector(x, y, 2, 3, 10, 11, 6, 7, 14, 15))
#define LV8_G2(x, y) (__builtin_shufflevector(x, y, 0, 8, 2, 10, 4, 12, 6, 14) \
                    + __builtin_shufflevector(x, y, 1, 9, 3, 11, 5, 13, 7, 15))
#define LV4_G4(x, y) (__builtin_shufflevector(x, y, 0, 1, 4, 5) + __builtin_shufflevector(x, y, 2, 3, 6, 7))
#define LV4_G2(x, y) (__builtin_shufflevector(x, y, 0, 4, 2, 6) + __builtin_shufflevector(x, y, 1, 5, 3, 7))

/// Full unrolling of a loop with a constant trip count (the register-blocked tiles: their
/// accumulator arrays must become registers).
#define UNROLL _Pragma("clang loop unroll(full)")
/// Lanes of chunk k (VW lanes each) within a run of len floats: VW, fewer, or 0.
#define CHUNK(len, k) ((len) - (k) * VW >= VW ? VW : (len) > (k) * VW ? (len) - (k) * VW : 0)

static const int rev16[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
static const int rev8[8] = {0, 4, 2, 6, 1, 5, 3, 7};
static const int rev4[4] = {0, 2, 1, 3};

// The portable set: 4 lanes (SSE2 on x86-64, NEON on aarch64), no FMA assumed.
#define VEC v4
#define VW 4
#define REV rev4
#define CW 2
#define FWD_ROWS 1
#define LV_G4 LV4_G4
#define LV_G2 LV4_G2
#if defined(__x86_64__)
#define F(n) n##_sse2
static const char F(name)[] = "sse2";
#else
#define F(n) n##_portable
static const char F(name)[] = "portable";
#endif
#include "kernels_impl.h"
#undef VEC
#undef VW
#undef REV
#undef CW
#undef FWD_ROWS
#undef LV_G4
#undef LV_G2
#undef F

#if defined(__x86_64__)
#define VEC v8
#define VW 8
#define REV rev8
#define CW 2
#define FWD_ROWS 2
#define LV_G8 LV8_G8
#define LV_G4 LV8_G4
#define LV_G2 LV8_G2
#define F(n) n##_avx2
static const char F(name)[] = "avx2-fma";
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "kernels_impl.h"
#pragma clang attribute pop
#undef VEC
#undef VW
#undef REV
#undef CW
#undef FWD_ROWS
#undef LV_G8
#undef LV_G4
#undef LV_G2
#undef F

#define VEC v16
#define VW 16
#define REV rev16
#define CW 4
#define FWD_ROWS 4
#define LV_G8 LV16_G8
#define LV_G4 LV16_G4
#define LV_G2 LV16_G2
#define F(n) n##_avx512
static const char F(name)[] = "avx512";
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"))), apply_to = function)
#include "kernels_impl.h"
#pragma clang attribute pop
#undef F
#endif

static const lk_set *active =
#if defined(__x86_64__)
    &set_sse2;
#else
    &set_portable;
#endif

/// Picks the widest set this CPU and OS support (__builtin_cpu_supports checks both).
__attribute__((constructor)) static void lk_choose(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
        active = &set_avx512;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        active = &set_avx2;
#endif
}

const char *lk_kernel_name(void) { return active->name; }

int lk_use_kernel(const char *name) {
    const lk_set *chosen = active;
#if defined(__x86_64__)
    const lk_set *sets[] = {&set_avx512, &set_avx2, &set_sse2};
    for (int k = 0; k < 3; k++) if (strcmp(sets[k]->name, name) == 0) chosen = sets[k];
    if (chosen == &set_avx512 && !__builtin_cpu_supports("avx512f")) return 0;
    if (chosen == &set_avx2 && !__builtin_cpu_supports("avx2")) return 0;
#else
    if (strcmp(set_portable.name, name) == 0) chosen = &set_portable;
#endif
    if (strcmp(chosen->name, name) != 0) return 0;
    active = chosen;
    return 1;
}

void lk_forward(const float *w, const float *bias, const float *a, float *z,
                long batch, long fanIn, long fanOut, int relu) {
    active->forward(w, bias, a, z, batch, fanIn, fanOut, relu);
}

int lk_weight_grad(const float *dz, const float *a, long batch, long fanIn, long fanOut,
                   const lk_update *u, long base) {
    return active->weight_grad(dz, a, batch, fanIn, fanOut, u, base);
}

int lk_bias_grad(const float *dz, long batch, long fanOut, const lk_update *u, long base) {
    return active->bias_grad(dz, batch, fanOut, u, base);
}

void lk_input_grad(float *da, const float *dz, const float *w, const float *a,
                   long batch, long fanIn, long fanOut, int activation) {
    active->input_grad(da, dz, w, a, batch, fanIn, fanOut, activation);
}

void lk_normalize(const float *x, const float *shift, const float *scale, float *out, long n, float clip) {
    active->normalize(x, shift, scale, out, n, clip);
}

void lk_scales(const double *mean, const double *m2, double n, float *shift, float *scale, long count) {
    active->scales(mean, m2, n, shift, scale, count);
}
