/**
 * BufferSource arguments: "get a copy of the bytes held by the buffer source" at the call (so
 * later mutation by the caller does not affect compilation). WebIDL recognises an ArrayBuffer
 * or a view by internal slot — never by prototype or @@toStringTag, so ArrayBuffer.prototype is
 * not one, while buffers of another realm (node:vm contexts) are. A SharedArrayBuffer, a view
 * of one, and a resizable ArrayBuffer are not BufferSources either; a detached buffer holds no
 * bytes.
 */
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;
const arrayBufferResizable = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;

/** The ArrayBuffer's byte length, or -1 when `x` has no [[ArrayBufferData]] of a non-shared buffer. */
function arrayBufferLength(x: unknown): number {
  try {
    return arrayBufferByteLength.call(x) as number;
  } catch {
    return -1;
  }
}

function isResizable(buffer: ArrayBufferLike): boolean {
  return arrayBufferResizable !== undefined && arrayBufferResizable.call(buffer) === true;
}

export function copyBufferSource(source: unknown, what: string): Uint8Array<ArrayBuffer> {
  if (ArrayBuffer.isView(source)) {
    const buffer = source.buffer;
    if (arrayBufferLength(buffer) >= 0 && !isResizable(buffer)) {
      // A detached buffer reports length 0 (and a view of one too).
      return source.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(buffer as ArrayBuffer, source.byteOffset, source.byteLength).slice();
    }
  } else {
    const length = arrayBufferLength(source);
    if (length >= 0 && !isResizable(source as ArrayBuffer)) return length === 0 ? new Uint8Array(0) : new Uint8Array(source as ArrayBuffer).slice();
  }
  throw new TypeError(`${what}: Argument 0 must be a buffer source`);
}
