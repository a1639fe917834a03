/* A small ray tracer in single precision: spheres on a checkered plane, one point light, hard
 * shadows, Lambert + Phong shading and up to 3 mirror bounces, rendered at n x n pixels.
 * Returns a checksum of the 8-bit RGB image. f32 arithmetic, sqrtf, float->int conversion. */
#include <stdint.h>

typedef struct { float x, y, z; } vec;
static inline vec v(float x, float y, float z) { vec r = {x, y, z}; return r; }
static inline vec add(vec a, vec b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static inline vec sub(vec a, vec b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static inline vec scale(vec a, float s) { return v(a.x * s, a.y * s, a.z * s); }
static inline float dot(vec a, vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline vec norm(vec a) { return scale(a, 1.0f / __builtin_sqrtf(dot(a, a))); }

typedef struct { vec center; float radius; vec color; float mirror; } sphere;
static const sphere spheres[] = {
  {{0.0f, 1.0f, 5.0f}, 1.0f, {0.9f, 0.2f, 0.2f}, 0.3f},
  {{-2.2f, 0.7f, 6.0f}, 0.7f, {0.2f, 0.9f, 0.3f}, 0.1f},
  {{2.0f, 1.5f, 7.0f}, 1.5f, {0.3f, 0.4f, 0.95f}, 0.6f},
  {{0.8f, 0.3f, 3.4f}, 0.3f, {0.95f, 0.9f, 0.2f}, 0.0f},
  {{-0.9f, 0.25f, 3.8f}, 0.25f, {0.8f, 0.3f, 0.9f}, 0.5f},
};
#define NSPHERES (int)(sizeof spheres / sizeof spheres[0])
static const vec light = {-4.0f, 6.0f, 0.0f};

/* Nearest hit along o + t d (d normalized): returns t > 0 or -1; *which = sphere index or -2 for the plane y = 0. */
static float intersect(vec o, vec d, int *which) {
  float best = 1e30f;
  *which = -1;
  for (int i = 0; i < NSPHERES; i++) {
    vec oc = sub(o, spheres[i].center);
    float b = dot(oc, d), c = dot(oc, oc) - spheres[i].radius * spheres[i].radius;
    float disc = b * b - c;
    if (disc < 0.0f) continue;
    float s = __builtin_sqrtf(disc), t = -b - s;
    if (t < 1e-3f) t = -b + s;
    if (t > 1e-3f && t < best) { best = t; *which = i; }
  }
  if (d.y < -1e-6f) {
    float t = -o.y / d.y;
    if (t > 1e-3f && t < best) { best = t; *which = -2; }
  }
  return *which == -1 ? -1.0f : best;
}

static vec trace(vec o, vec d, int depth) {
  int which;
  float t = intersect(o, d, &which);
  if (t < 0.0f) return v(0.5f + 0.5f * d.y, 0.7f + 0.3f * d.y, 1.0f);  /* sky */
  vec p = add(o, scale(d, t)), n, color;
  float mirror;
  if (which == -2) {
    n = v(0.0f, 1.0f, 0.0f);
    int checker = ((int)__builtin_floorf(p.x) + (int)__builtin_floorf(p.z)) & 1;
    color = checker ? v(0.9f, 0.9f, 0.9f) : v(0.15f, 0.15f, 0.15f);
    mirror = 0.2f;
  } else {
    n = norm(sub(p, spheres[which].center));
    color = spheres[which].color;
    mirror = spheres[which].mirror;
  }
  vec toLight = sub(light, p);
  float lightDist = __builtin_sqrtf(dot(toLight, toLight));
  vec l = scale(toLight, 1.0f / lightDist);
  int blocker;
  float shadowT = intersect(p, l, &blocker);
  float lit = shadowT > 0.0f && shadowT < lightDist ? 0.0f : 1.0f;
  float diffuse = dot(n, l);
  if (diffuse < 0.0f) diffuse = 0.0f;
  vec r = sub(d, scale(n, 2.0f * dot(d, n)));
  float spec = dot(r, l);
  spec = spec > 0.0f ? spec * spec * spec * spec * spec * spec * spec * spec : 0.0f;
  vec local = add(scale(color, 0.1f + 0.9f * diffuse * lit), scale(v(1.0f, 1.0f, 1.0f), 0.5f * spec * lit));
  if (depth < 3 && mirror > 0.0f) local = add(scale(local, 1.0f - mirror), scale(trace(p, r, depth + 1), mirror));
  return local;
}

static inline uint32_t channel(float c) { return c <= 0.0f ? 0u : c >= 1.0f ? 255u : (uint32_t)(c * 255.0f + 0.5f); }

__attribute__((export_name("run"))) int run(int size) {
  uint32_t sum = 0;
  vec eye = v(0.0f, 1.2f, -1.0f);
  for (int y = 0; y < size; y++) {
    for (int x = 0; x < size; x++) {
      float u = ((float)x + 0.5f) / (float)size * 2.0f - 1.0f, w = 1.0f - ((float)y + 0.5f) / (float)size * 2.0f;
      vec c = trace(eye, norm(v(u, w * 0.8f, 1.5f)), 0);
      uint32_t rgb = channel(c.x) << 16 | channel(c.y) << 8 | channel(c.z);
      sum = (sum ^ rgb) * 16777619u;
    }
  }
  return (int)sum;
}
