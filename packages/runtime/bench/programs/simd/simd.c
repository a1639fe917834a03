/* SIMD with wasm_simd128.h on a 256x256 grayscale image, n rounds: a 3x3 box blur (u8 lanes
 * widened to i16x8, summed, divided by a q15 multiply, narrowed back), a saturating brighten, a
 * histogram-free byte count of bright pixels (i8x16 compare + bitmask popcount) and an i32x4 dot
 * product of two rows. Returns a checksum of the image and the counts. */
#include <stdint.h>
#include <wasm_simd128.h>

#define W 256
#define H 256
static uint8_t img[H][W], tmp[H][W];

static void blur(void) {
  const v128_t ninth = wasm_i16x8_splat(3641); /* round(32768 / 9) */
  for (int y = 1; y < H - 1; y++) {
    for (int x = 16; x < W - 16; x += 16) {
      v128_t lo = wasm_i16x8_splat(0), hi = wasm_i16x8_splat(0);
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          v128_t p = wasm_v128_load(&img[y + dy][x + dx]);
          lo = wasm_i16x8_add(lo, wasm_u16x8_extend_low_u8x16(p));
          hi = wasm_i16x8_add(hi, wasm_u16x8_extend_high_u8x16(p));
        }
      }
      wasm_v128_store(&tmp[y][x], wasm_u8x16_narrow_i16x8(wasm_i16x8_q15mulr_sat(lo, ninth), wasm_i16x8_q15mulr_sat(hi, ninth)));
    }
  }
  for (int y = 1; y < H - 1; y++)
    for (int x = 16; x < W - 16; x += 16) wasm_v128_store(&img[y][x], wasm_v128_load(&tmp[y][x]));
}

static uint32_t brighten_and_count(uint8_t add, uint8_t threshold) {
  const v128_t a = wasm_u8x16_splat(add), t = wasm_u8x16_splat(threshold);
  uint32_t bright = 0;
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x += 16) {
      v128_t p = wasm_u8x16_add_sat(wasm_v128_load(&img[y][x]), a);
      wasm_v128_store(&img[y][x], p);
      bright += __builtin_popcount(wasm_i8x16_bitmask(wasm_u8x16_gt(p, t)));
    }
  }
  return bright;
}

static int32_t dot_rows(int r0, int r1) {
  v128_t acc = wasm_i32x4_splat(0);
  for (int x = 0; x < W; x += 16) {
    v128_t a = wasm_v128_load(&img[r0][x]), b = wasm_v128_load(&img[r1][x]);
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_u16x8_extend_low_u8x16(a), wasm_u16x8_extend_low_u8x16(b)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_u16x8_extend_high_u8x16(a), wasm_u16x8_extend_high_u8x16(b)));
  }
  return wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
}

uint32_t run(int n) {
  uint32_t seed = 2463534242u;
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x++) {
      seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
      img[y][x] = (uint8_t)seed;
    }
  }
  uint32_t check = 0;
  for (int round = 0; round < n; round++) {
    blur();
    check = check * 31 + brighten_and_count((uint8_t)(round & 3), 200);
    check = check * 31 + (uint32_t)dot_rows(round % H, (round * 7 + 1) % H);
  }
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) check = check * 31 + img[y][x];
  return check;
}
