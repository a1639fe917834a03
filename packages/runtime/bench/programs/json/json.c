/* A JSON parser: generates a ~50 KB document (nested objects and arrays of integers, decimals
 * with exponents, strings with escapes, true/false/null) and parses it with a recursive-descent
 * parser into a tree of values, run(n) times with a different document each time. Returns a
 * checksum over the tree: a walk hashing kinds, key and string hashes, and numbers (as doubles
 * converted the way the parser computed them). Returns -1 on a parse error. */
#include <stdint.h>

#define DOC_BYTES (50 * 1024)
#define MAX_NODES 65536
static char doc[DOC_BYTES + 4096];

enum { NUL, FALSE, TRUE, NUMBER, STRING, ARRAY, OBJECT };
typedef struct { int kind; int first, next; uint32_t keyHash, strHash; double number; } node;
static node nodes[MAX_NODES];
static int nodeCount;

/* --- generator --- */
static uint32_t rng;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static char *out;
static void put(const char *s) { while (*s) *out++ = *s++; }
static void putInt(int64_t x) {
  char tmp[24];
  int n = 0;
  if (x < 0) { *out++ = '-'; x = -x; }
  do { tmp[n++] = (char)('0' + x % 10); x /= 10; } while (x);
  while (n) *out++ = tmp[--n];
}
static void genString(void) {
  *out++ = '"';
  int len = 1 + (int)(rnd() % 12);
  for (int i = 0; i < len; i++) {
    uint32_t r = rnd() % 40;
    if (r == 0) put("\\n"); else if (r == 1) put("\\\""); else if (r == 2) put("\\u00e9");
    else *out++ = (char)('a' + r % 26);
  }
  *out++ = '"';
}
static void genValue(int depth) {
  uint32_t r = rnd() % (depth > 4 ? 6 : 9);
  switch (r) {
    case 0: put("null"); break;
    case 1: put(rnd() & 1 ? "true" : "false"); break;
    case 2: putInt((int64_t)(int32_t)rnd() / 1000); break;
    case 3: putInt((int32_t)(rnd() % 20000) - 10000); *out++ = '.'; putInt(rnd() % 1000); if (rnd() & 1) { put("e-"); putInt(rnd() % 5); } break;
    case 4: case 5: genString(); break;
    case 6: case 7: {
      *out++ = '{';
      int n = (int)(rnd() % 6);
      for (int i = 0; i < n; i++) { if (i) *out++ = ','; genString(); put(": "); genValue(depth + 1); }
      *out++ = '}';
      break;
    }
    default: {
      *out++ = '[';
      int n = (int)(rnd() % 8);
      for (int i = 0; i < n; i++) { if (i) put(", "); genValue(depth + 1); }
      *out++ = ']';
    }
  }
}
static void generate(uint32_t seed) {
  rng = seed | 1;
  out = doc;
  put("[");
  for (int first = 1; out - doc < DOC_BYTES; first = 0) { if (!first) put(",\n"); genValue(0); }
  put("]");
  *out = 0;
}

/* --- parser --- */
static const char *p;
static int failed;
static void ws(void) { while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++; }
static int newNode(int kind) {
  if (nodeCount >= MAX_NODES) { failed = 1; return 0; }
  node *n = &nodes[nodeCount];
  n->kind = kind; n->first = n->next = -1; n->keyHash = n->strHash = 0; n->number = 0;
  return nodeCount++;
}
static int hexDigit(char c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }
static uint32_t parseString(void) {
  uint32_t h = 2166136261u;
  p++;  /* opening quote */
  while (*p != '"') {
    uint32_t c = (uint8_t)*p++;
    if (c == 0) { failed = 1; return 0; }
    if (c == '\\') {
      char e = *p++;
      if (e == 'n') c = '\n'; else if (e == 't') c = '\t'; else if (e == 'u') {
        c = (uint32_t)(hexDigit(p[0]) << 12 | hexDigit(p[1]) << 8 | hexDigit(p[2]) << 4 | hexDigit(p[3]));
        p += 4;
      } else c = (uint8_t)e;
    }
    h = (h ^ c) * 16777619u;
  }
  p++;
  return h;
}
static double parseNumber(void) {
  int neg = *p == '-';
  if (neg) p++;
  double x = 0;
  while (*p >= '0' && *p <= '9') x = x * 10 + (*p++ - '0');
  if (*p == '.') {
    p++;
    double scale = 0.1;
    while (*p >= '0' && *p <= '9') { x += (*p++ - '0') * scale; scale *= 0.1; }
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    int eneg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    int e = 0;
    while (*p >= '0' && *p <= '9') e = e * 10 + (*p++ - '0');
    while (e--) x = eneg ? x / 10 : x * 10;
  }
  return neg ? -x : x;
}
static int literal(const char *word) {
  for (int i = 0; word[i]; i++) if (p[i] != word[i]) { failed = 1; return 0; }
  while (*word++) p++;
  return 1;
}
static int parseValue(void) {
  ws();
  int id;
  char c = *p;
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    id = newNode(c == '{' ? OBJECT : ARRAY);
    p++;
    ws();
    int last = -1;
    while (!failed && *p != close) {
      uint32_t key = 0;
      if (close == '}') {
        if (*p != '"') { failed = 1; break; }
        key = parseString();
        ws();
        if (*p++ != ':') { failed = 1; break; }
      }
      int child = parseValue();
      nodes[child].keyHash = key;
      if (last < 0) nodes[id].first = child; else nodes[last].next = child;
      last = child;
      ws();
      if (*p == ',') { p++; ws(); } else if (*p != close) failed = 1;
    }
    p++;
  } else if (c == '"') {
    id = newNode(STRING);
    nodes[id].strHash = parseString();
  } else if (c == 't') { id = newNode(TRUE); literal("true"); }
  else if (c == 'f') { id = newNode(FALSE); literal("false"); }
  else if (c == 'n') { id = newNode(NUL); literal("null"); }
  else if (c == '-' || (c >= '0' && c <= '9')) { id = newNode(NUMBER); nodes[id].number = parseNumber(); }
  else { failed = 1; id = newNode(NUL); }
  return id;
}

static uint32_t walk(int id, int depth) {
  const node *n = &nodes[id];
  uint32_t h = (uint32_t)n->kind * 31u + n->keyHash + (uint32_t)depth;
  if (n->kind == STRING) h ^= n->strHash;
  if (n->kind == NUMBER) { int64_t bits = (int64_t)(n->number * 1000.0); h ^= (uint32_t)bits ^ (uint32_t)(bits >> 32); }
  for (int c = n->first; c >= 0; c = nodes[c].next) h = h * 16777619u ^ walk(c, depth + 1);
  return h;
}

__attribute__((export_name("run"))) int run(int rounds) {
  uint32_t sum = 0;
  for (int r = 0; r < rounds; r++) {
    generate(0x2545f491u * (uint32_t)(r + 1));
    p = doc;
    nodeCount = 0;
    failed = 0;
    int root = parseValue();
    if (failed) return -1;
    sum = sum * 7u + walk(root, 0) + (uint32_t)nodeCount;
  }
  return (int)sum;
}
