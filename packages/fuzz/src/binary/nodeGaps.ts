/**
 * Where Node 20's V8 (11.3) and Lantern legitimately disagree on validity, recognised by how V8
 * answers. Two kinds:
 *  - proposals V8 11.3 does not ship (Lantern accepts, V8 rejects). V8 names most of them itself
 *    ("enable via --experimental-wasm-X"); the table covers the rejections where it does not;
 *  - V8 deviations from the spec and JS API (V8 accepts, Lantern rejects as the spec requires),
 *    and the one proposal Node 20 ships that Lantern does not (threads).
 * Any other disagreement is a finding.
 */

/** The feature V8 lacks that its rejection `message` of `bytes` shows, or null. */
export function missingNodeFeature(message: string, bytes: Uint8Array): string | null {
  const flag = /enable (?:with|via) --experimental-wasm-([\w-]+)/.exec(message);
  if (flag !== null) return flag[1].replace(/_/g, '-');
  const at = /@\+(\d+)$/.exec(message);
  const byte = at === null ? -1 : bytes[Number(at[1])];
  // Wasm 3.0 constant expressions (extended-const): V8 11.3 allows only constants, globals, ref.func/null.
  if (/opcode (?:i32|i64)\.(?:add|sub|mul) is not allowed in constant expressions/.test(message)) return 'extended-const';
  // GC type definitions (struct 0x5f, array 0x5e, sub 0x50/0x4f, rec 0x4e) and stack switching's cont (0x5d).
  if (/Expected signature definition 0x60, got 0x(?:5f|5e|50|4f|4e)/.test(message)) return 'gc';
  if (/Expected signature definition 0x60, got 0x5d/.test(message)) return 'stack-switching';
  // multi-memory's memarg: alignment bit 6 says a memory index follows.
  const align = /actual alignment is (\d+)/.exec(message);
  if (align !== null && (Number(align[1]) & 0x40) !== 0) return 'multi-memory';
  // exnref's throw_ref (0x0a) and try_table (0x1f).
  if (/Invalid opcode 0x(?:a|1f) @/.test(message)) return 'exnref';
  // Tags whose type has results exist only with stack switching.
  if (/tag signature \d+ has non-void return/.test(message)) return 'stack-switching';
  // Wasm 3.0 (GC proposal) lets constant expressions read immutable globals defined earlier.
  if (/non-imported globals cannot be used in constant expressions/.test(message)) return 'gc';
  if (/At most one memory is supported|memory count of \d+ exceeds internal limit of 1/.test(message)) return 'multi-memory';
  // table64 (memory64 proposal): limits flags 0x04/0x05 on a table.
  if (/invalid (?:table elements|element count) limits flags/.test(message) && (byte === 0x04 || byte === 0x05)) return 'memory64';
  // GC's abstract heap types as value types (none 0x71, noextern 0x72, nofunc 0x73, noexn 0x74, eq 0x6d, i31 0x6c, struct 0x6b, array 0x6a, any 0x6e).
  if (/invalid value type 0x(?:71|72|73|74|6e|6d|6c|6b|6a)\b/.test(message)) return 'gc';
  // Stack switching's nocont (0x75) and cont (0x68).
  if (/invalid value type 0x(?:75|68)\b/.test(message)) return 'stack-switching';
  // A table with an initializer (0x40 0x00 prefix, typed function references).
  if (/invalid value type 0x40\b/.test(message) && byte === 0x40 && bytes[Number(at![1]) + 1] === 0x00) return 'typed-funcref';
  return null;
}

const NUMERIC_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b]);

/**
 * Why V8 accepts what Lantern rejects (`message`, at `offset` of `bytes`) when that is known and
 * not Lantern's fault, or null: a V8 deviation, or a proposal Lantern does not implement.
 */
export function knownAcceptanceGap(message: string, offset: number, bytes: Uint8Array): string | null {
  // JS API "Limits": a table type over 10,000,000 entries is a CompileError; V8 throws a RangeError at instantiation.
  if (/table size \d+ is over the JS API's implementation limit/.test(message)) return 'nodeDeviates:v8-table-limit-at-instantiate';
  // V8 11.3 takes a numeric type (i32 … v128) as the element type of an expression-encoded element segment.
  if (/malformed reference type/.test(message) && NUMERIC_TYPES.has(bytes[offset])) return 'nodeDeviates:v8-numeric-element-type';
  // The threads proposal's atomics (prefix 0xfe): Node 20 has them, Lantern does not (yet).
  if (/illegal opcode fe\b/.test(message)) return 'lanternLacks:threads';
  return null;
}
