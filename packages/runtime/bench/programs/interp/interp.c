/* A small stack-based bytecode interpreter (a switch in a loop, like every interpreter):
 * the guest program computes sum_{i<n} (i * 3 ^ (i >> 2)) mod 2^32 using a loop of
 * bytecodes. run(n) returns the result. */
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, DUP, JNZ, JMP, HALT };

static const int code[] = {
  /* 0 */ PUSH, 0, STORE, 0,            /* acc = 0 */
  /* 4 */ LOAD, 1, STORE, 2,            /* i = n */
  /* 8 loop: */ LOAD, 2, JNZ, 14,        /* if i != 0 goto body */
  /* 12 */ JMP, 40,
  /* 14 body: */ LOAD, 2, PUSH, 1, SUB, STORE, 2,   /* i = i - 1 */
  /* 21 */ LOAD, 2, PUSH, 3, MUL,        /* i*3 */
  /* 26 */ LOAD, 2, PUSH, 2, SHR, XOR,   /* ^ (i>>2) */
  /* 32 */ LOAD, 0, ADD, STORE, 0,       /* acc += */
  /* 37 */ JMP, 8, HALT,
  /* 40 */ LOAD, 0, HALT,
};

static int execute(int n) {
  int stack[64], vars[4] = {0, n, 0, 0};
  int sp = 0, pc = 0;
  for (;;) {
    switch (code[pc++]) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = vars[code[pc++]]; break;
      case STORE: vars[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] = (int)((unsigned)stack[sp - 1] + (unsigned)stack[sp]); break;
      case SUB: sp--; stack[sp - 1] = (int)((unsigned)stack[sp - 1] - (unsigned)stack[sp]); break;
      case MUL: sp--; stack[sp - 1] = (int)((unsigned)stack[sp - 1] * (unsigned)stack[sp]); break;
      case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case SHR: sp--; stack[sp - 1] = (int)((unsigned)stack[sp - 1] >> stack[sp]); break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case JNZ: { int t = code[pc++]; if (stack[--sp]) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case HALT: return stack[sp - 1];
      default: return -1;
    }
  }
}

__attribute__((export_name("run"))) int run(int n) { return execute(n); }
