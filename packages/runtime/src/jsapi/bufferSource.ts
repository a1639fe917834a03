/**
 * BufferSource handling: the JS API takes "a copy of the bytes held by the buffer" at the call
 * (so later mutation by the caller does not affect compilation). Anything that is not an
 * ArrayBuffer or a view of one is a TypeError.
 */
export function copyBufferSource(source: unknown, what: string): Uint8Array<ArrayBuffer> {
  if (source instanceof ArrayBuffer || isSharedArrayBuffer(source)) {
    return new Uint8Array(source as ArrayBuffer).slice();
  }
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(source.buffer as ArrayBuffer, source.byteOffset, source.byteLength).slice();
  }
  // Buffers from another realm (node:vm contexts) fail instanceof; accept them by brand.
  const tag = Object.prototype.toString.call(source);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') {
    return new Uint8Array(source as ArrayBuffer).slice();
  }
  throw new TypeError(`${what}: Argument 0 must be a buffer source`);
}

function isSharedArrayBuffer(x: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer;
}
