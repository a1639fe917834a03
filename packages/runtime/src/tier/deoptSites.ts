/**
 * A compiled function's deoptimization sites (codegen.ts DeoptFrame) as data in its source: per
 * site, its interpreter pc and the categories of the operands live there (letters of jsValues.ts
 * `Cat`, bottom first). One string literal, `<pc><cats>` joined by commas, parsed into a Map at
 * the function's first deoptimization: a Map literal of pairs cost V8 an array per site to parse
 * and build at every translation (hundreds in a large function), and most functions never deoptimize.
 */
export function encodeSites(sites: ReadonlyMap<number, string>): string {
  let out = '';
  for (const [pc, cats] of sites) out += out === '' ? `${pc}${cats}` : `,${pc}${cats}`;
  return out;
}

export function decodeSites(encoded: string): Map<number, string> {
  const sites = new Map<number, string>();
  if (encoded === '') return sites;
  for (const site of encoded.split(',')) {
    let i = 0;
    while (i < site.length && site.charCodeAt(i) <= 0x39) i++; // digits come before the letters
    sites.set(Number(site.slice(0, i)), site.slice(i));
  }
  return sites;
}
