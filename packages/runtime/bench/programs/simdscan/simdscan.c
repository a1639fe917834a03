/* SIMD with wasm_simd128.h on text and small integer arrays, n rounds, the kind of loops string
 * and codec libraries vectorize by hand: a line and word scan of 64 KiB of ASCII (i8x16 compares,
 * bitmasks, any_true), an in-place ASCII case flip (unsigned range test, and/xor), the sum of
 * absolute differences of 16x16 byte blocks at every position of a search window (saturating
 * subtracts, pairwise widening adds), and an i16 dot product with i32x4 min/max. Returns a
 * checksum of the counts and the text. */
#include <stdint.h>
#include <wasm_simd128.h>

#define TEXT 65536
#define FRAME_W 128
#define FRAME_H 64
#define SAMPLES 4096

static uint8_t text[TEXT];
static uint8_t cur[FRAME_H][FRAME_W], ref[FRAME_H][FRAME_W];
static int16_t xs[SAMPLES], ys[SAMPLES];

static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* Lines, spaces and the first 'q' of the text. */
static uint32_t scan_text(void) {
  const v128_t nl = wasm_i8x16_splat('\n'), sp = wasm_i8x16_splat(' '), q = wasm_i8x16_splat('q');
  uint32_t lines = 0, spaces = 0, first_q = TEXT;
  for (int i = 0; i < TEXT; i += 16) {
    v128_t v = wasm_v128_load(&text[i]);
    lines += __builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(v, nl)));
    spaces += __builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(v, sp)));
    if (first_q == TEXT) {
      v128_t hit = wasm_i8x16_eq(v, q);
      if (wasm_v128_any_true(hit)) first_q = i + __builtin_ctz(wasm_i8x16_bitmask(hit));
    }
  }
  return lines * 7 + spaces * 3 + first_q;
}

/* Letters change case: bytes in 'a'..'z' or 'A'..'Z' get bit 0x20 flipped. */
static void flip_case(void) {
  const v128_t bit = wasm_i8x16_splat(0x20), a = wasm_i8x16_splat('a'), span = wasm_i8x16_splat(26);
  for (int i = 0; i < TEXT; i += 16) {
    v128_t v = wasm_v128_load(&text[i]);
    v128_t lower = wasm_v128_or(v, bit);
    v128_t letter = wasm_u8x16_lt(wasm_i8x16_sub(lower, a), span);
    wasm_v128_store(&text[i], wasm_v128_xor(v, wasm_v128_and(letter, bit)));
  }
}

/* The best match of cur's 16x16 block at (bx, by) in ref within +-4 columns and rows. */
static uint32_t block_search(int bx, int by) {
  uint32_t best = UINT32_MAX;
  for (int dy = -4; dy <= 4; dy++) {
    for (int dx = -4; dx <= 4; dx++) {
      v128_t acc = wasm_i32x4_splat(0);
      for (int r = 0; r < 16; r++) {
        v128_t c = wasm_v128_load(&cur[by + r][bx]);
        v128_t p = wasm_v128_load(&ref[by + dy + r][bx + dx]);
        v128_t diff = wasm_v128_or(wasm_u8x16_sub_sat(c, p), wasm_u8x16_sub_sat(p, c));
        acc = wasm_i32x4_add(acc, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(diff)));
      }
      uint32_t sad = wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
                     wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
      if (sad < best) best = sad;
    }
  }
  return best;
}

/* x . y with i32x4.dot, and the extremes of the products' partial sums. */
static uint32_t dot(void) {
  v128_t acc = wasm_i32x4_splat(0), hi = wasm_i32x4_splat(INT32_MIN), lo = wasm_i32x4_splat(INT32_MAX);
  for (int i = 0; i < SAMPLES; i += 8) {
    v128_t d = wasm_i32x4_dot_i16x8(wasm_v128_load(&xs[i]), wasm_v128_load(&ys[i]));
    acc = wasm_i32x4_add(acc, d);
    hi = wasm_i32x4_max(hi, d);
    lo = wasm_i32x4_min(lo, d);
  }
  v128_t all = wasm_i32x4_add(acc, wasm_i32x4_sub(hi, lo));
  return wasm_i32x4_extract_lane(all, 0) ^ wasm_i32x4_extract_lane(all, 1) ^
         wasm_i32x4_extract_lane(all, 2) ^ wasm_i32x4_extract_lane(all, 3);
}

uint32_t run(int n) {
  static const char alphabet[] = "etaoin shrdlu cmfwyp vbgkqj xz ETAOIN\n.,;0123456789";
  rng_state = 0x12345678u;
  for (int i = 0; i < TEXT; i++) text[i] = alphabet[rng() % (sizeof alphabet - 1)];
  for (int y = 0; y < FRAME_H; y++) {
    for (int x = 0; x < FRAME_W; x++) {
      ref[y][x] = (uint8_t)rng();
      cur[y][x] = (uint8_t)(ref[y][x] + (rng() & 15));
    }
  }
  for (int i = 0; i < SAMPLES; i++) {
    xs[i] = (int16_t)rng();
    ys[i] = (int16_t)(rng() >> 3);
  }
  uint32_t check = 0;
  for (int round = 0; round < n; round++) {
    check = check * 31 + scan_text();
    flip_case();
    text[(round * 977) % TEXT] = 'q';
    for (int by = 4; by + 16 + 4 <= FRAME_H; by += 16)
      for (int bx = 4; bx + 16 + 4 <= FRAME_W; bx += 16) check = check * 31 + block_search(bx, by);
    xs[round % SAMPLES] = (int16_t)(check >> 7);
    check = check * 31 + dot();
  }
  for (int i = 0; i < TEXT; i++) check = check * 31 + text[i];
  return check;
}
