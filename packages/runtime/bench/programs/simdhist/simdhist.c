/* SIMD with wasm_simd128.h, written as a check on the tier's SIMD code apart from the two
 * programs it was tuned on (simd, simdscan): n rounds over 32 KiB of bytes and 4096 floats of
 * a histogram of the bytes' high nibbles (u8 shifts, compares counted by subtracting their
 * masks, widened every 255 blocks), the bytes' min and max, an f32x4 dot product and axpy, and
 * an i16 dot product. Returns a checksum of the counts and the data. */
#include <stdint.h>
#include <wasm_simd128.h>

#define BYTES 32768
#define FLOATS 4096

static uint8_t data[BYTES];
static float xs[FLOATS], ys[FLOATS];
static int16_t as[FLOATS], bs[FLOATS];
static uint32_t hist[16];

static uint32_t state;
static uint32_t next(void) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

/* Counts of each high nibble: per nibble a byte counter in every lane, flushed before it wraps. */
static void nibble_histogram(void) {
  v128_t counts[16];
  for (int b = 0; b < 16; b++) counts[b] = wasm_i8x16_splat(0);
  int pending = 0;
  for (int i = 0; i < BYTES; i += 16) {
    v128_t hi = wasm_u8x16_shr(wasm_v128_load(&data[i]), 4);
    for (int b = 0; b < 16; b++) counts[b] = wasm_i8x16_sub(counts[b], wasm_i8x16_eq(hi, wasm_i8x16_splat((int8_t)b)));
    if (++pending == 255 || i + 16 == BYTES) {
      for (int b = 0; b < 16; b++) {
        v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(counts[b]));
        hist[b] += wasm_u32x4_extract_lane(wide, 0) + wasm_u32x4_extract_lane(wide, 1) +
                   wasm_u32x4_extract_lane(wide, 2) + wasm_u32x4_extract_lane(wide, 3);
        counts[b] = wasm_i8x16_splat(0);
      }
      pending = 0;
    }
  }
}

static uint32_t min_max(void) {
  v128_t lo = wasm_u8x16_splat(255), hi = wasm_u8x16_splat(0);
  for (int i = 0; i < BYTES; i += 16) {
    v128_t v = wasm_v128_load(&data[i]);
    lo = wasm_u8x16_min(lo, v);
    hi = wasm_u8x16_max(hi, v);
  }
  v128_t both = wasm_v128_xor(lo, wasm_i8x16_shuffle(hi, hi, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  return wasm_i32x4_extract_lane(both, 0) + 3 * wasm_i32x4_extract_lane(both, 1) + 5 * wasm_i32x4_extract_lane(both, 2) + 7 * wasm_i32x4_extract_lane(both, 3);
}

/* y += a * x, then x . y, in f32x4 lanes. */
static float axpy_dot(float a) {
  const v128_t va = wasm_f32x4_splat(a);
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < FLOATS; i += 4) {
    v128_t x = wasm_v128_load(&xs[i]);
    v128_t y = wasm_f32x4_add(wasm_v128_load(&ys[i]), wasm_f32x4_mul(va, x));
    wasm_v128_store(&ys[i], y);
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
  }
  return wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
}

static int32_t dot16(void) {
  v128_t acc = wasm_i32x4_splat(0);
  for (int i = 0; i < FLOATS; i += 8) acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(&as[i]), wasm_v128_load(&bs[i])));
  return wasm_i32x4_extract_lane(acc, 0) ^ wasm_i32x4_extract_lane(acc, 1) ^ wasm_i32x4_extract_lane(acc, 2) ^ wasm_i32x4_extract_lane(acc, 3);
}

uint32_t run(int n) {
  state = 12345u;
  for (int i = 0; i < BYTES; i++) data[i] = (uint8_t)(next() % 200 + (i & 31));
  for (int i = 0; i < FLOATS; i++) {
    xs[i] = (float)(next() % 1000) / 1000.0f;
    ys[i] = (float)(next() % 1000) / 500.0f - 1.0f;
    as[i] = (int16_t)next();
    bs[i] = (int16_t)(next() >> 2);
  }
  for (int b = 0; b < 16; b++) hist[b] = 0;
  uint32_t check = 0;
  for (int round = 0; round < n; round++) {
    nibble_histogram();
    check = check * 31 + min_max();
    float d = axpy_dot(round & 1 ? 0.001f : -0.001f);
    check = check * 31 + (uint32_t)(int32_t)(d * 16.0f);
    check = check * 31 + (uint32_t)dot16();
    data[(round * 7919) % BYTES] ^= (uint8_t)check;
    as[round % FLOATS] = (int16_t)check;
  }
  for (int b = 0; b < 16; b++) check = check * 31 + hist[b];
  return check;
}
