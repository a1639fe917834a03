// Name section: module, function, local, type, table, memory, global, elem, data, field and tag
// names taken from the text's ids (payload only; the encoder adds the custom-section header).

import { Writer } from './writer.ts';
import { utf8Encode } from './strings.ts';
import type { Module } from './ast.ts';

function nameMap(w: Writer, names: (string | undefined)[]): void {
  let n = 0;
  for (const s of names) if (s !== undefined) n++;
  w.u32(n);
  for (let i = 0; i < names.length; i++) {
    const s = names[i];
    if (s === undefined) continue;
    w.u32(i);
    w.vecBytes(utf8Encode(s));
  }
}

function hasNames(names: (string | undefined)[] | undefined): boolean {
  return names !== undefined && names.some((s) => s !== undefined);
}

export function encodeNameSection(m: Module): Uint8Array | null {
  const out = new Writer(256);
  const sub = new Writer(256);
  const subsection = (id: number, body: (w: Writer) => void): void => {
    sub.reset();
    body(sub);
    out.byte(id);
    out.u32(sub.len);
    out.append(sub);
  };
  if (m.name !== undefined) subsection(0, (w) => w.vecBytes(utf8Encode(m.name!)));
  if (hasNames(m.names.funcs)) subsection(1, (w) => nameMap(w, m.names.funcs));
  const imported = m.imports.filter((i) => i.desc.kind === 'func').length;
  const locals = m.funcs.map((f, i) => [i + imported, f.localNames] as const).filter(([, n]) => hasNames(n));
  if (locals.length > 0) {
    subsection(2, (w) => {
      w.u32(locals.length);
      for (const [i, n] of locals) {
        w.u32(i);
        nameMap(w, n);
      }
    });
  }
  const maps: [number, (string | undefined)[]][] = [
    [4, m.names.types],
    [5, m.names.tables],
    [6, m.names.memories],
    [7, m.names.globals],
    [8, m.names.elems],
    [9, m.names.datas],
  ];
  for (const [id, names] of maps) if (hasNames(names)) subsection(id, (w) => nameMap(w, names));
  const fields: [number, (string | undefined)[]][] = [];
  let ti = 0;
  for (const g of m.types) for (const t of g.types) {
    if (hasNames(t.fieldNames)) fields.push([ti, t.fieldNames!]);
    ti++;
  }
  if (fields.length > 0) {
    subsection(10, (w) => {
      w.u32(fields.length);
      for (const [i, n] of fields) {
        w.u32(i);
        nameMap(w, n);
      }
    });
  }
  if (hasNames(m.names.tags)) subsection(11, (w) => nameMap(w, m.names.tags));
  return out.len === 0 ? null : out.toBytes();
}
