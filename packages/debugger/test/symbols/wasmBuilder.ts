/** Test helper: appends custom sections to a module (no toolchain needed). */

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function nameBytes(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
}

export function customSectionBytes(name: string, payload: Uint8Array | number[]): Uint8Array {
  const body = [...nameBytes(name), ...payload];
  return new Uint8Array([0, ...uleb(body.length), ...body]);
}

export function withCustomSections(module: Uint8Array, ...sections: Uint8Array[]): Uint8Array {
  const total = module.length + sections.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  out.set(module, 0);
  let at = module.length;
  for (const s of sections) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

/** A minimal module: header + the given sections. */
export function moduleWith(...sections: Uint8Array[]): Uint8Array {
  return withCustomSections(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), ...sections);
}

export { uleb };
