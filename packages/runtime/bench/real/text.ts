/** Deterministic text for the real programs' workloads (xorshift over a small vocabulary). */
const WORDS = ['the', 'lantern', 'runs', 'every', 'program', 'and', 'shows', 'its', 'frames', 'when', 'a', 'trap',
  'happens', 'in', 'memory', 'table', 'stack', 'of', 'wasm', 'to', 'debug', 'native', 'speed', 'with', 'all', 'locals'];

export function generatedText(bytes: number, seed = 0x2545f491): string {
  let x = seed | 0;
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const word = WORDS[(x >>> 0) % WORDS.length] + ((x & 15) === 0 ? '.\n' : ' ');
    parts.push(word);
    length += word.length;
  }
  return parts.join('').slice(0, bytes);
}

/** FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
export function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
