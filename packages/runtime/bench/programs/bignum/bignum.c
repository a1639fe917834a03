/* Big-integer arithmetic: n! in base 2^32 limbs (32x32->64-bit multiply-accumulate), then its
 * decimal expansion by repeated division by 10^9 (64-bit divide and remainder), then the sum and
 * a hash of the decimal digits. Returns the hash mixed with the digit count and digit sum. */
#include <stdint.h>

#define MAX_LIMBS 8192
static uint32_t limbs[MAX_LIMBS];
static uint32_t chunks[MAX_LIMBS * 2];  /* base 10^9 digits, least significant first */

__attribute__((export_name("run"))) int run(int n) {
  int len = 1;
  limbs[0] = 1;
  for (uint32_t k = 2; k <= (uint32_t)n; k++) {
    uint64_t carry = 0;
    for (int i = 0; i < len; i++) {
      uint64_t p = (uint64_t)limbs[i] * k + carry;
      limbs[i] = (uint32_t)p;
      carry = p >> 32;
    }
    if (carry && len < MAX_LIMBS) limbs[len++] = (uint32_t)carry;
  }
  int nchunks = 0;
  while (len > 0) {
    uint64_t rem = 0;
    for (int i = len - 1; i >= 0; i--) {
      uint64_t cur = rem << 32 | limbs[i];
      limbs[i] = (uint32_t)(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    chunks[nchunks++] = (uint32_t)rem;
    while (len > 0 && limbs[len - 1] == 0) len--;
  }
  uint32_t digits = 0, digitSum = 0, hash = 2166136261u;
  for (int i = nchunks - 1; i >= 0; i--) {
    uint32_t c = chunks[i];
    char buf[9];
    for (int j = 8; j >= 0; j--) { buf[j] = (char)(c % 10); c /= 10; }
    for (int j = 0; j < 9; j++) {
      if (digits == 0 && buf[j] == 0) continue;  /* leading zeros of the top chunk */
      digits++;
      digitSum += (uint32_t)buf[j];
      hash = (hash ^ (uint32_t)buf[j]) * 16777619u;
    }
  }
  return (int)(hash ^ digits * 2654435761u ^ digitSum);
}
