// Test helper: splits a binary module into comparable non-custom sections, normalizing LEB128
// padding of section sizes, function-body sizes and the counts that prefix them.

export interface Section {
  id: number;
  /** payload bytes (for the code section: the bodies re-serialized without size padding) */
  items: Uint8Array[];
}

function readU32(b: Uint8Array, p: { o: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = b[p.o++];
    if (byte === undefined) throw new Error('truncated LEB');
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7;
  }
}

export function splitSections(bin: Uint8Array): Section[] {
  const out: Section[] = [];
  const p = { o: 8 };
  while (p.o < bin.length) {
    const id = bin[p.o++]!;
    const size = readU32(bin, p);
    const payload = bin.subarray(p.o, p.o + size);
    p.o += size;
    if (id === 0) continue;
    // a data count of 0 is a harmless encoding choice (wabt omits it when there are no segments)
    if (id === 12 && payload.length === 1 && payload[0] === 0) continue;
    if (id === 9) {
      out.push({ id, items: canonicalElems(payload) });
      continue;
    }
    if (id === 10) {
      const q = { o: 0 };
      const n = readU32(payload, q);
      const items: Uint8Array[] = [];
      for (let i = 0; i < n; i++) {
        const len = readU32(payload, q);
        items.push(payload.subarray(q.o, q.o + len));
        q.o += len;
      }
      out.push({ id, items });
    } else {
      out.push({ id, items: [payload] });
    }
  }
  return out;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Returns undefined when equal, else a description of the first difference. */
export function compareModules(ours: Uint8Array, theirs: Uint8Array): string | undefined {
  const a = splitSections(ours);
  const b = splitSections(theirs);
  const ids = (s: Section[]): string => s.map((x) => x.id).join(',');
  if (ids(a) !== ids(b)) return `section ids differ: ours ${ids(a)} theirs ${ids(b)}`;
  for (let i = 0; i < a.length; i++) {
    const sa = a[i]!;
    const sb = b[i]!;
    if (sa.items.length !== sb.items.length) return `section ${sa.id}: ${sa.items.length} vs ${sb.items.length} entries`;
    for (let j = 0; j < sa.items.length; j++) {
      const x = hex(sa.items[j]!);
      const y = hex(sb.items[j]!);
      if (x !== y) return `section ${sa.id} entry ${j}: ours ${x.slice(0, 200)} theirs ${y.slice(0, 200)}`;
    }
  }
  return undefined;
}

function skipLeb(b: Uint8Array, p: { o: number }): void {
  while ((b[p.o++]! & 0x80) !== 0);
}

/** Skip a constant expression (up to and including its `end`); returns its bytes. */
function constExpr(b: Uint8Array, p: { o: number }): Uint8Array {
  const start = p.o;
  for (;;) {
    const op = b[p.o++];
    if (op === undefined) throw new Error('truncated expression');
    if (op === 0x0b) return b.subarray(start, p.o);
    if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd0 || op === 0xd2) skipLeb(b, p);
    else if (op === 0x43) p.o += 4;
    else if (op === 0x44) p.o += 8;
    else if (op === 0xfb) {
      const sub = b[p.o++]!;
      if (sub === 8) {
        skipLeb(b, p);
        skipLeb(b, p);
      } else if (sub <= 7) skipLeb(b, p);
    }
  }
}

/**
 * Elements in a canonical form: wabt writes function-index lists for `funcref` segments whose
 * items are all `ref.func`, we keep the expression form; both mean the same segment.
 */
function canonicalElems(payload: Uint8Array): Uint8Array[] {
  const p = { o: 0 };
  const n = readU32(payload, p);
  const out: Uint8Array[] = [];
  const hexOf = (x: Uint8Array): string => Array.from(x, (v) => v.toString(16).padStart(2, '0')).join('');
  for (let i = 0; i < n; i++) {
    const flags = readU32(payload, p);
    let mode = 'active';
    let table = 0;
    let offset = '';
    if ((flags & 1) === 0) {
      if (flags & 2) table = readU32(payload, p);
      offset = hexOf(constExpr(payload, p));
    } else {
      mode = flags & 2 ? 'declare' : 'passive';
    }
    let type = 'func';
    if (flags & 3) {
      if (flags & 4) {
        const t = payload[p.o++]!;
        if (t === 0x63 || t === 0x64) {
          const s = p.o;
          skipLeb(payload, p);
          const h = hexOf(payload.subarray(s, p.o));
          type = h === '70' ? 'func' : `${t.toString(16)}${h}`;
        } else if (t !== 0x70) type = t.toString(16);
      } else p.o++;
    }
    const count = readU32(payload, p);
    const items: string[] = [];
    for (let j = 0; j < count; j++) {
      if (flags & 4) items.push(hexOf(constExpr(payload, p)));
      else {
        const s = p.o;
        skipLeb(payload, p);
        items.push('d2' + hexOf(payload.subarray(s, p.o)) + '0b');
      }
    }
    out.push(new TextEncoder().encode(`${mode}|${table}|${offset}|${type}|${items.join(',')}`));
  }
  return out;
}
