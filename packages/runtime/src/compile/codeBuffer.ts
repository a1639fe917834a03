/**
 * CodeBuffer: the store-wide internal code, one growable Int32Array to which each function is
 * appended when it is first called (lazy compilation). A pc is an index into `buf`.
 *
 * NB: growing replaces `buf`. The interpreter re-reads `store.code.buf` after every compilation
 * it triggers; positions (pcs) never move.
 */
export class CodeBuffer {
  buf = new Int32Array(1 << 14);
  pos = 0;

  /** Makes room for `n` more words. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }
}
