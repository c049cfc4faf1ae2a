/* SPDX-License-Identifier: MPL-2.0
 *
 * Argon2's segment filler written for WebAssembly SIMD (clang's wasm SIMD intrinsics), for the `sodium_simd128`
 * library (wasm/cmake/EmscriptenSetup.cmake). libsodium 1.0.18 picks its block function at sodium_init() among
 * ref/SSSE3/AVX2/AVX-512F; none of those exist in wasm, so the scalar reference ran in every browser. This file
 * provides `breachcheck_argon2_fill_segment_simd128` with the same contract as libsodium's fill_segment_* (one
 * segment of one lane, RFC 9106 section 3.4), and the build's copy of argon2-core.c selects it.
 *
 * Why these instructions: the cost of Argon2 is BLAKE2b's round function G with BlaMka's multiply
 * (a + b + 2 * lo32(a) * lo32(b)) on 64-bit words. Two words sit in one v128:
 *   - lo32(a) * lo32(b): gather the low halves of two vectors in one (one i32x4 shuffle per operand), then
 *     i64x2.extmul_low_i32x4_u and extmul_high: one unsigned 32x32->64 multiply per lane (pmuludq on x86,
 *     umull on ARM), instead of i64x2.mul's three-multiply emulation;
 *   - rotations by 32, 24 and 16 bits move whole bytes: one i8x16 shuffle each (pshufb);
 *   - the rotation by 63 is a shift pair (x >> 63) ^ (x << 1).
 * A block (128 words) is 64 vectors; the previous block stays in `state` between blocks, as the native SIMD
 * fillers keep it, so each new block reads only its reference block (and, after the first pass, the block it
 * overwrites). Everything derived from the password (state, the copy R xor, the address blocks) is wiped
 * before returning. Outputs are byte-identical to the reference filler: tests/unit/test_argon2_kernel.cpp. */
#include <stdint.h>
#include <string.h>

#include <wasm_simd128.h>

#include "argon2-core.h"
#include "sodium/utils.h"

#ifndef __wasm_simd128__
#error "argon2-fill-segment-simd128.c needs -msimd128"
#endif

enum { VECTORS_IN_BLOCK = ARGON2_OWORDS_IN_BLOCK }; /* 64 x 128 bits */

/* a + b + 2 * lo32(a) * lo32(b) per 64-bit lane, for two vector pairs (a0, b0) and (a1, b1) at once: one
 * i32x4 shuffle gathers the low halves of a0 and a1 (and one those of b0 and b1), then
 * i64x2.extmul_low_i32x4_u multiplies those of a0 by b0's and extmul_high those of a1 by b1's. */
static inline __attribute__((always_inline)) void
blamka_add2(v128_t *a0, v128_t b0, v128_t *a1, v128_t b1)
{
    const v128_t low_a     = wasm_i32x4_shuffle(*a0, *a1, 0, 2, 4, 6);
    const v128_t low_b     = wasm_i32x4_shuffle(b0, b1, 0, 2, 4, 6);
    const v128_t product_0 = wasm_u64x2_extmul_low_u32x4(low_a, low_b);
    const v128_t product_1 = wasm_u64x2_extmul_high_u32x4(low_a, low_b);
    *a0 = wasm_i64x2_add(wasm_i64x2_add(*a0, b0), wasm_i64x2_add(product_0, product_0));
    *a1 = wasm_i64x2_add(wasm_i64x2_add(*a1, b1), wasm_i64x2_add(product_1, product_1));
}

/* Right rotations of each 64-bit lane (little-endian bytes: byte k of the result is byte k + n/8 mod 8). */
static inline v128_t
rotr32(v128_t x)
{
    return wasm_i32x4_shuffle(x, x, 1, 0, 3, 2);
}

static inline v128_t
rotr24(v128_t x)
{
    return wasm_i8x16_shuffle(x, x, 3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);
}

static inline v128_t
rotr16(v128_t x)
{
    return wasm_i8x16_shuffle(x, x, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
}

static inline v128_t
rotr63(v128_t x)
{
    return wasm_v128_xor(wasm_u64x2_shr(x, 63), wasm_i64x2_shl(x, 1));
}

/* G on four columns at once: lane j of (a0, b0, c0, d0) is one column, lane j of (a1, b1, c1, d1) another. */
static inline __attribute__((always_inline)) void
blamka_g(v128_t *a0, v128_t *b0, v128_t *c0, v128_t *d0, v128_t *a1, v128_t *b1, v128_t *c1, v128_t *d1)
{
    blamka_add2(a0, *b0, a1, *b1);
    *d0 = rotr32(wasm_v128_xor(*d0, *a0));
    *d1 = rotr32(wasm_v128_xor(*d1, *a1));
    blamka_add2(c0, *d0, c1, *d1);
    *b0 = rotr24(wasm_v128_xor(*b0, *c0));
    *b1 = rotr24(wasm_v128_xor(*b1, *c1));
    blamka_add2(a0, *b0, a1, *b1);
    *d0 = rotr16(wasm_v128_xor(*d0, *a0));
    *d1 = rotr16(wasm_v128_xor(*d1, *a1));
    blamka_add2(c0, *d0, c1, *d1);
    *b0 = rotr63(wasm_v128_xor(*b0, *c0));
    *b1 = rotr63(wasm_v128_xor(*b1, *c1));
}

/* BLAKE2b's round without message on the 4x4 matrix of words v0..v15, held as rows of two vectors:
 * a = (v0 v1)(v2 v3), b = (v4 v5)(v6 v7), c = (v8 v9)(v10 v11), d = (v12 v13)(v14 v15). The column step is
 * G lane-wise; for the diagonal step, rows b, c and d are turned left by 1, 2 and 3 words so that the
 * diagonals (v0 v5 v10 v15), (v1 v6 v11 v12), (v2 v7 v8 v13), (v3 v4 v9 v14) line up as columns, then
 * turned back. */
static inline __attribute__((always_inline)) void
blamka_round(v128_t *a0, v128_t *a1, v128_t *b0, v128_t *b1, v128_t *c0, v128_t *c1, v128_t *d0,
             v128_t *d1)
{
    v128_t t0, t1;

    blamka_g(a0, b0, c0, d0, a1, b1, c1, d1);

    t0  = wasm_i64x2_shuffle(*b0, *b1, 1, 2); /* (v5 v6) */
    t1  = wasm_i64x2_shuffle(*b1, *b0, 1, 2); /* (v7 v4) */
    *b0 = t0;
    *b1 = t1;
    t0  = *c0; /* (v10 v11), (v8 v9) */
    *c0 = *c1;
    *c1 = t0;
    t0  = wasm_i64x2_shuffle(*d1, *d0, 1, 2); /* (v15 v12) */
    t1  = wasm_i64x2_shuffle(*d0, *d1, 1, 2); /* (v13 v14) */
    *d0 = t0;
    *d1 = t1;

    blamka_g(a0, b0, c0, d0, a1, b1, c1, d1);

    t0  = wasm_i64x2_shuffle(*b1, *b0, 1, 2); /* (v4 v5) */
    t1  = wasm_i64x2_shuffle(*b0, *b1, 1, 2); /* (v6 v7) */
    *b0 = t0;
    *b1 = t1;
    t0  = *c0;
    *c0 = *c1;
    *c1 = t0;
    t0  = wasm_i64x2_shuffle(*d0, *d1, 1, 2); /* (v12 v13) */
    t1  = wasm_i64x2_shuffle(*d1, *d0, 1, 2); /* (v14 v15) */
    *d0 = t0;
    *d1 = t1;
}

/* Argon2's compression G(X, Y) with X in `state` (the previous block) and Y = `reference`:
 *   R = X xor Y; Z = P(R) (rows, then columns, of 16 words); next = Z xor R,
 * and from the second pass on next = Z xor R xor next's old contents (Argon2 version 1.3). On return `state`
 * holds the new block too, the next call's X. `spare` is the caller's R buffer (wiped by the caller). */
static void
compress(v128_t state[VECTORS_IN_BLOCK], v128_t spare[VECTORS_IN_BLOCK], const block *reference,
         block *next, int xor_into_next)
{
    unsigned i;

    for (i = 0; i < VECTORS_IN_BLOCK; i++) {
        state[i] = wasm_v128_xor(state[i], wasm_v128_load(&reference->v[2 * i]));
        spare[i] = state[i];
    }
    if (xor_into_next) {
        for (i = 0; i < VECTORS_IN_BLOCK; i++) {
            spare[i] = wasm_v128_xor(spare[i], wasm_v128_load(&next->v[2 * i]));
        }
    }
    /* Rows: words 16i..16i+15 are vectors 8i..8i+7. */
    for (i = 0; i < 8; i++) {
        v128_t *row = &state[8 * i];
        blamka_round(&row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6], &row[7]);
    }
    /* Columns: words (2i, 2i+1, 2i+16, 2i+17, ..., 2i+112, 2i+113) are vectors i, i+8, ..., i+56. */
    for (i = 0; i < 8; i++) {
        blamka_round(&state[i], &state[i + 8], &state[i + 16], &state[i + 24], &state[i + 32],
                     &state[i + 40], &state[i + 48], &state[i + 56]);
    }
    for (i = 0; i < VECTORS_IN_BLOCK; i++) {
        state[i] = wasm_v128_xor(state[i], spare[i]);
        wasm_v128_store(&next->v[2 * i], state[i]);
    }
}

/* Data-independent addressing (Argon2id's first half of the first pass): the reference positions of this
 * segment come from G(0, G(0, input)) with input = (pass, lane, slice, m', t, type, counter, 0...). */
static void
generate_addresses(const argon2_instance_t *instance, const argon2_position_t *position,
                   uint64_t *pseudo_rands, v128_t state[VECTORS_IN_BLOCK], v128_t spare[VECTORS_IN_BLOCK],
                   block *input, block *address)
{
    uint32_t i;
    unsigned v;

    memset(input, 0, sizeof *input);
    input->v[0] = position->pass;
    input->v[1] = position->lane;
    input->v[2] = position->slice;
    input->v[3] = instance->memory_blocks;
    input->v[4] = instance->passes;
    input->v[5] = instance->type;

    for (i = 0; i < instance->segment_length; i++) {
        if (i % ARGON2_ADDRESSES_IN_BLOCK == 0) {
            input->v[6]++;
            for (v = 0; v < VECTORS_IN_BLOCK; v++) {
                state[v] = wasm_i64x2_const(0, 0);
            }
            compress(state, spare, input, address, 0);
            for (v = 0; v < VECTORS_IN_BLOCK; v++) {
                state[v] = wasm_i64x2_const(0, 0);
            }
            compress(state, spare, address, address, 0);
        }
        pseudo_rands[i] = address->v[i % ARGON2_ADDRESSES_IN_BLOCK];
    }
}

/* Where the reference block of block `index` of this segment lies within lane `reference_lane`
 * (RFC 9106 section 3.4.1.2); libsodium's argon2-core.h has the same function as index_alpha(). */
static uint32_t
reference_column(const argon2_instance_t *instance, const argon2_position_t *position, uint32_t index,
                 uint32_t pseudo_rand, int same_lane)
{
    uint32_t area;
    uint64_t relative;
    uint32_t start = 0;

    if (position->pass == 0) {
        if (position->slice == 0) {
            area = index - 1; /* every block of this segment made so far but the previous one */
        } else if (same_lane) {
            area = position->slice * instance->segment_length + index - 1;
        } else {
            area = position->slice * instance->segment_length - (index == 0 ? 1u : 0u);
        }
    } else {
        if (same_lane) {
            area = instance->lane_length - instance->segment_length + index - 1;
        } else {
            area = instance->lane_length - instance->segment_length - (index == 0 ? 1u : 0u);
        }
        if (position->slice != ARGON2_SYNC_POINTS - 1) {
            start = (position->slice + 1u) * instance->segment_length;
        }
    }
    relative = pseudo_rand;
    relative = (relative * relative) >> 32;
    relative = area - 1 - (((uint64_t) area * relative) >> 32);
    return (uint32_t) ((start + relative) % instance->lane_length);
}

void breachcheck_argon2_fill_segment_simd128(const argon2_instance_t *instance,
                                             argon2_position_t position);

void
breachcheck_argon2_fill_segment_simd128(const argon2_instance_t *instance, argon2_position_t position)
{
    /* Secret-bearing working copies, wiped at the end. */
    v128_t   state[VECTORS_IN_BLOCK];
    v128_t   spare[VECTORS_IN_BLOCK];
    block    address_input, address_block;
    block   *memory;
    uint64_t pseudo_rand, reference_lane;
    uint32_t previous_offset, current_offset, first_index, i, column;
    int      data_independent;
    unsigned v;

    if (instance == NULL) {
        return;
    }
    memory = instance->region->memory;

    /* Argon2id: data-independent addressing for the first half of the first pass only. */
    data_independent = instance->type != Argon2_id ||
                       (position.pass == 0 && position.slice < ARGON2_SYNC_POINTS / 2);
    if (data_independent) {
        generate_addresses(instance, &position, instance->pseudo_rands, state, spare, &address_input,
                           &address_block);
    }

    /* The first two blocks of each lane come from H', not from G. */
    first_index = (position.pass == 0 && position.slice == 0) ? 2 : 0;
    current_offset = position.lane * instance->lane_length +
                     position.slice * instance->segment_length + first_index;
    if (current_offset % instance->lane_length == 0) {
        previous_offset = current_offset + instance->lane_length - 1; /* the lane's last block */
    } else {
        previous_offset = current_offset - 1;
    }

    for (v = 0; v < VECTORS_IN_BLOCK; v++) {
        state[v] = wasm_v128_load(&memory[previous_offset].v[2 * v]);
    }

    for (i = first_index; i < instance->segment_length; i++, current_offset++, previous_offset++) {
        if (current_offset % instance->lane_length == 1) {
            previous_offset = current_offset - 1;
        }
        if (data_independent) {
            pseudo_rand = instance->pseudo_rands[i];
        } else {
            pseudo_rand = memory[previous_offset].v[0];
        }
        reference_lane = (pseudo_rand >> 32) % instance->lanes;
        if (position.pass == 0 && position.slice == 0) {
            reference_lane = position.lane; /* other lanes have nothing yet */
        }
        column = reference_column(instance, &position, i, (uint32_t) (pseudo_rand & 0xFFFFFFFFu),
                                  reference_lane == position.lane);
        compress(state, spare, &memory[instance->lane_length * reference_lane + column],
                 &memory[current_offset], position.pass != 0);
    }

    sodium_memzero(state, sizeof state);
    sodium_memzero(spare, sizeof spare);
    sodium_memzero(&address_input, sizeof address_input);
    sodium_memzero(&address_block, sizeof address_block);
}
