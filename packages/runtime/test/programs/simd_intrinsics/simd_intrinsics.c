// Written with wasm_simd128.h intrinsics: a 3x3 box blur of a grayscale image (u8 lanes widened
// to u16, summed, divided by a q15 multiply), a byte search (i8x16.eq + bitmask), and a float
// normalisation (f32x4 sqrt, min, max). Each result is printed, so engines can be compared.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasm_simd128.h>

#define W 64
#define H 48

static uint8_t image[H][W], blurred[H][W];

/** Rows y-1..y+1, columns x-1..x+1 averaged for 16 pixels at once (x a multiple of 16, inside). */
static v128_t blur16(int y, int x) {
  v128_t lo = wasm_i16x8_splat(0), hi = wasm_i16x8_splat(0);
  for (int dy = -1; dy <= 1; dy++) {
    for (int dx = -1; dx <= 1; dx++) {
      v128_t p = wasm_v128_load(&image[y + dy][x + dx]);
      lo = wasm_i16x8_add(lo, wasm_u16x8_extend_low_u8x16(p));
      hi = wasm_i16x8_add(hi, wasm_u16x8_extend_high_u8x16(p));
    }
  }
  // sum / 9 as (sum * round(32768 / 9)) >> 15, rounding: q15mulr
  v128_t ninth = wasm_i16x8_splat(3641);
  lo = wasm_i16x8_q15mulr_sat(lo, ninth);
  hi = wasm_i16x8_q15mulr_sat(hi, ninth);
  return wasm_u8x16_narrow_i16x8(lo, hi);
}

static void blur(void) {
  memcpy(blurred, image, sizeof image);
  for (int y = 1; y < H - 1; y++) {
    for (int x = 16; x + 16 < W; x += 16) wasm_v128_store(&blurred[y][x], blur16(y, x));
  }
}

/** Positions of `c` in `s` (length a multiple of 16), 16 bytes at a time. */
static int find_all(const char *s, int n, char c, int *out) {
  int found = 0;
  v128_t needle = wasm_i8x16_splat(c);
  for (int i = 0; i < n; i += 16) {
    uint32_t mask = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(s + i), needle));
    while (mask != 0) {
      out[found++] = i + __builtin_ctz(mask);
      mask &= mask - 1;
    }
  }
  return found;
}

int main(void) {
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) image[y][x] = (uint8_t)((x * 7 + y * 13) ^ (x * y));
  blur();
  uint32_t checksum = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) checksum = checksum * 31 + blurred[y][x];
  printf("blur checksum %u, centre %u %u %u\n", checksum, blurred[H / 2][W / 2 - 1], blurred[H / 2][W / 2], blurred[H / 2][W / 2 + 1]);

  static const char text[64] = "the quick brown fox jumps over the lazy dog; the end of the text";
  int at[64];
  int n = find_all(text, 64, 'e', at);
  printf("%d times 'e' at", n);
  for (int i = 0; i < n; i++) printf(" %d", at[i]);
  printf("\n");

  float v[8] = {3, -4, 12, 0.5f, -1, 2, 2, 1};
  v128_t a = wasm_v128_load(v), b = wasm_v128_load(v + 4);
  v128_t len = wasm_f32x4_sqrt(wasm_f32x4_add(wasm_f32x4_mul(a, a), wasm_f32x4_mul(b, b)));
  v128_t clamped = wasm_f32x4_min(wasm_f32x4_max(wasm_f32x4_div(a, len), wasm_f32x4_splat(-0.5f)), wasm_f32x4_splat(0.9f));
  printf("lengths %g %g %g %g clamped %g %g %g %g\n", wasm_f32x4_extract_lane(len, 0), wasm_f32x4_extract_lane(len, 1),
         wasm_f32x4_extract_lane(len, 2), wasm_f32x4_extract_lane(len, 3), wasm_f32x4_extract_lane(clamped, 0),
         wasm_f32x4_extract_lane(clamped, 1), wasm_f32x4_extract_lane(clamped, 2), wasm_f32x4_extract_lane(clamped, 3));
  v128_t shuffled = wasm_i8x16_shuffle(wasm_v128_load(text), wasm_v128_load(text + 16), 16, 1, 17, 3, 18, 5, 19, 7, 20, 9, 21, 11, 22, 13, 23, 15);
  char mixed[17] = {0};
  wasm_v128_store(mixed, shuffled);
  printf("shuffled \"%s\"\n", mixed);
  return 0;
}
