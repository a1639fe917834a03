/* An LZ77 compressor in the LZ4 style (a hash table of 4-byte sequences, greedy matching,
 * literal runs and matches as token + varint lengths + 16-bit offset) and its decompressor,
 * round-tripping 64 KiB of generated text (words from a small vocabulary, so it compresses)
 * run(n) times with a different text each round. Returns a checksum of the compressed bytes
 * and sizes, or -1 if a round trip does not give back the input. */
#include <stdint.h>

#define IN_BYTES (64 * 1024)
#define HASH_BITS 14
static uint8_t input[IN_BYTES], packed[IN_BYTES + IN_BYTES / 64 + 64], output[IN_BYTES];
static int32_t table[1 << HASH_BITS];

static const char *const words[] = {
  "the ", "lantern ", "runs ", "wasm ", "programs ", "and ", "every ", "trap ", "is ", "an ",
  "event ", "with ", "frames ", "locals ", "stack ", "debugger ", "of ", "a ", "to ", "in ",
  "compile ", "instance ", "memory ", "table ", "\n", "0x1f ", "return ", "loop ", "br_if ", "call ",
};

static uint32_t rng;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static void makeText(uint32_t seed) {
  rng = seed | 1;
  int i = 0;
  while (i < IN_BYTES) {
    uint32_t r = next();
    const char *w = words[r % 30];
    if ((r >> 8) % 17 == 0) { input[i++] = (uint8_t)('A' + (r >> 16) % 26); continue; }
    while (*w && i < IN_BYTES) input[i++] = (uint8_t)*w++;
  }
}

static inline uint32_t read32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static inline uint32_t hash4(uint32_t x) { return (x * 2654435761u) >> (32 - HASH_BITS); }

static uint8_t *putLength(uint8_t *out, uint32_t len) {
  while (len >= 255) { *out++ = 255; len -= 255; }
  *out++ = (uint8_t)len;
  return out;
}

static uint32_t compress(const uint8_t *in, uint32_t len, uint8_t *out) {
  for (int i = 0; i < (1 << HASH_BITS); i++) table[i] = -1;
  uint8_t *o = out;
  uint32_t anchor = 0, i = 0;
  while (i + 4 <= len) {
    uint32_t h = hash4(read32(in + i));
    int32_t cand = table[h];
    table[h] = (int32_t)i;
    if (cand >= 0 && i - (uint32_t)cand < 65536 && read32(in + cand) == read32(in + i)) {
      uint32_t m = 4;
      while (i + m < len && in[cand + m] == in[i + m]) m++;
      uint32_t lit = i - anchor;
      uint8_t *token = o++;
      *token = (uint8_t)((lit < 15 ? lit : 15) << 4 | (m - 4 < 15 ? m - 4 : 15));
      if (lit >= 15) o = putLength(o, lit - 15);
      for (uint32_t k = 0; k < lit; k++) *o++ = in[anchor + k];
      uint32_t off = i - (uint32_t)cand;
      *o++ = (uint8_t)off; *o++ = (uint8_t)(off >> 8);
      if (m - 4 >= 15) o = putLength(o, m - 4 - 15);
      i += m;
      anchor = i;
    } else {
      i++;
    }
  }
  uint32_t lit = len - anchor;  /* final literals: a token with no match */
  *o++ = (uint8_t)((lit < 15 ? lit : 15) << 4);
  if (lit >= 15) o = putLength(o, lit - 15);
  for (uint32_t k = 0; k < lit; k++) *o++ = in[anchor + k];
  return (uint32_t)(o - out);
}

static uint32_t getLength(const uint8_t **p, uint32_t base) {
  if (base != 15) return base;
  uint32_t len = 15, b;
  do { b = *(*p)++; len += b; } while (b == 255);
  return len;
}

static uint32_t decompress(const uint8_t *in, uint32_t len, uint8_t *out) {
  const uint8_t *p = in, *end = in + len;
  uint8_t *o = out;
  for (;;) {
    uint8_t token = *p++;
    uint32_t lit = getLength(&p, token >> 4);
    for (uint32_t k = 0; k < lit; k++) *o++ = *p++;
    if (p >= end) break;
    uint32_t off = p[0] | p[1] << 8;
    p += 2;
    uint32_t m = getLength(&p, token & 15) + 4;
    const uint8_t *src = o - off;
    for (uint32_t k = 0; k < m; k++) *o++ = src[k];  /* overlapping copies repeat a run */
  }
  return (uint32_t)(o - out);
}

__attribute__((export_name("run"))) int run(int rounds) {
  uint32_t sum = 0;
  for (int r = 0; r < rounds; r++) {
    makeText(0x9e3779b9u * (uint32_t)(r + 1));
    uint32_t packedLen = compress(input, IN_BYTES, packed);
    uint32_t outLen = decompress(packed, packedLen, output);
    if (outLen != IN_BYTES) return -1;
    for (uint32_t i = 0; i < IN_BYTES; i++) if (output[i] != input[i]) return -1;
    for (uint32_t i = 0; i < packedLen; i += 7) sum = sum * 33u + packed[i];
    sum ^= packedLen;
  }
  return (int)sum;
}
