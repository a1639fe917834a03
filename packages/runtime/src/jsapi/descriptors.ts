/**
 * WebIDL-style argument checks shared by the JS API constructors: [EnforceRange] integers
 * (TypeError when not finite or out of range), address types (memory64/table64: "i32" or
 * "i64", where i64 sizes may be BigInts) and descriptor objects.
 */
export type AddressType = 'i32' | 'i64';

export function descriptorObject(d: unknown, what: string): Record<string, unknown> {
  if (d === null || (typeof d !== 'object' && typeof d !== 'function')) {
    throw new TypeError(`${what}: Argument 0 must be a descriptor object`);
  }
  return d as Record<string, unknown>;
}

export function addressType(d: Record<string, unknown>, what: string): AddressType {
  const a = d.address ?? d.index;
  if (a === undefined) return 'i32';
  if (a === 'i32' || a === 'i64') return a;
  throw new TypeError(`${what}: address must be "i32" or "i64"`);
}

/** [EnforceRange] unsigned long (i32 addresses) or unsigned long long (i64). */
export function enforceRange(v: unknown, name: string, what: string, address: AddressType = 'i32'): number {
  const n = typeof v === 'bigint' && address === 'i64' ? Number(v) : Number(v as number);
  if (typeof v === 'bigint' && address === 'i32') throw new TypeError(`${what}: ${name} must be a Number`);
  if (!Number.isFinite(n)) throw new TypeError(`${what}: ${name} must be convertible to a valid number`);
  const t = Math.trunc(n);
  const max = address === 'i64' ? Number.MAX_SAFE_INTEGER : 0xffff_ffff;
  if (t < 0 || t > max) throw new TypeError(`${what}: ${name} is outside the range of an unsigned ${address === 'i64' ? '64' : '32'}-bit integer`);
  return t;
}

/** An optional size field of a descriptor; `required` ones missing are a TypeError. */
export function sizeField(d: Record<string, unknown>, name: string, what: string, address: AddressType, required: boolean): number | undefined {
  const v = d[name];
  if (v === undefined) {
    if (required) throw new TypeError(`${what}: Property '${name}' is required`);
    return undefined;
  }
  return enforceRange(v, name, what, address);
}
