/**
 * WebIDL conversions the JS API's operations apply to their arguments, as the JS API and WebIDL
 * specifications define them: dictionaries (descriptor objects, read member by member in
 * lexicographic order by the callers), enumerations (ToString, then one of the listed strings),
 * [EnforceRange] unsigned long, DOMString, and the JS API's AddressValueToU64 /
 * U64ToAddressValue for i32 and i64 (memory64, table64) addresses. Every failure is a TypeError.
 */
export type AddressType = 'i32' | 'i64';

/** A dictionary argument: undefined and null are the empty dictionary, other non-objects a TypeError. */
export function dictionary(d: unknown, what: string, argument = 0): Record<string, unknown> {
  if (d === undefined || d === null) return {};
  if (typeof d !== 'object' && typeof d !== 'function') {
    throw new TypeError(`${what}: Argument ${argument} must be a dictionary (an object, undefined or null)`);
  }
  return d as Record<string, unknown>;
}

/** A sequence<T> argument: an iterable object, read to the end. */
export function sequence(v: unknown, what: string, name: string): unknown[] {
  const iterator = v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as Iterable<unknown>)[Symbol.iterator] : undefined;
  if (typeof iterator !== 'function') throw new TypeError(`${what}: ${name} must be a sequence (an iterable object)`);
  return [...(v as Iterable<unknown>)];
}

/** ECMAScript ToString as WebIDL's DOMString uses it (a Symbol is a TypeError). */
export function domString(v: unknown): string {
  return `${v as string}`;
}

/** An enumeration value: ToString, then one of `values`. */
export function enumValue<T extends string>(v: unknown, values: readonly T[], what: string, member: string): T {
  const s = domString(v);
  if (!(values as readonly string[]).includes(s)) {
    throw new TypeError(`${what}: ${member} must be one of ${values.map((x) => `"${x}"`).join(', ')}, not "${s}"`);
  }
  return s as T;
}

/** An optional argument (the rest parameter that holds it): WebIDL treats undefined as missing. */
export function optional(rest: readonly unknown[], whenMissing: unknown): unknown {
  return rest.length < 1 || rest[0] === undefined ? whenMissing : rest[0];
}

/** A required dictionary member or argument that is missing. */
export function missing(what: string, name: string): TypeError {
  return new TypeError(`${what}: ${name} is required`);
}

/** [EnforceRange] unsigned long: ToNumber, not NaN or infinite, truncated, within [0, 2^32 - 1]. */
export function enforceRangeU32(v: unknown, what: string, name: string): number {
  const n = +(v as number); // ToNumber: a BigInt or Symbol is a TypeError, as the spec says.
  if (!Number.isFinite(n)) throw new TypeError(`${what}: ${name} must be a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > 0xffff_ffff) throw new TypeError(`${what}: ${name} is outside the range of an unsigned 32-bit integer`);
  return t === 0 ? 0 : t;
}

/**
 * AddressValueToU64: [EnforceRange] unsigned long for "i32" addresses; for "i64" ToBigInt (a
 * Number is a TypeError) within [0, 2^64 - 1].
 */
export function addressValueToU64(v: unknown, address: AddressType, what: string, name: string): bigint {
  if (address === 'i32') return BigInt(enforceRangeU32(v, what, name));
  const n = toBigInt(v);
  if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new TypeError(`${what}: ${name} is outside the range of an unsigned 64-bit integer`);
  return n;
}

/** U64ToAddressValue: a Number for "i32" addresses, a BigInt for "i64". */
export function u64ToAddressValue(v: number | bigint, address: AddressType): number | bigint {
  return address === 'i64' ? BigInt(v) : Number(v);
}

/** ECMAScript ToBigInt: ToPrimitive (hint number), then a BigInt, a Boolean or a String; else TypeError. */
function toBigInt(v: unknown): bigint {
  const prim = toPrimitiveNumber(v);
  switch (typeof prim) {
    case 'bigint': return prim;
    case 'boolean': return prim ? 1n : 0n;
    case 'string': return BigInt(prim); // a SyntaxError for a malformed string, as StringToBigInt says
  }
  throw new TypeError(`Cannot convert ${typeof prim === 'number' ? prim : typeof prim} to a BigInt`);
}

/** ECMAScript ToPrimitive(v, number). */
function toPrimitiveNumber(v: unknown): unknown {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
  const o = v as Record<PropertyKey, unknown>;
  const exotic = o[Symbol.toPrimitive];
  if (exotic !== undefined && exotic !== null) {
    if (typeof exotic !== 'function') throw new TypeError('Symbol.toPrimitive is not a function');
    const r = Reflect.apply(exotic, v, ['number']) as unknown;
    if (r !== null && (typeof r === 'object' || typeof r === 'function')) throw new TypeError('Cannot convert object to primitive value');
    return r;
  }
  for (const key of ['valueOf', 'toString']) {
    const method = o[key];
    if (typeof method === 'function') {
      const r = Reflect.apply(method, v, []) as unknown;
      if (r === null || (typeof r !== 'object' && typeof r !== 'function')) return r;
    }
  }
  throw new TypeError('Cannot convert object to primitive value');
}
