/* Dense f64 matrix multiply C = A * B (n x n, n <= 256): f64 loads, multiply-add.
 * run(n) returns a checksum of C folded into an int. */
#define MAX 256
static double A[MAX * MAX], B[MAX * MAX], C[MAX * MAX];

__attribute__((export_name("run"))) int run(int n) {
  if (n > MAX) n = MAX;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      A[i * n + j] = (double)((i * 7 + j * 3) % 17) * 0.25;
      B[i * n + j] = (double)((i * 5 + j * 11) % 13) * 0.5 - 1.0;
    }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double sum = 0.0;
      for (int k = 0; k < n; k++) sum += A[i * n + k] * B[k * n + j];
      C[i * n + j] = sum;
    }
  double total = 0.0;
  for (int i = 0; i < n * n; i++) total += C[i] * (double)(i % 7 + 1);
  return (int)total;
}
