/**
 * Feature detection: which proposals a module uses, read from its text (or, for binary
 * modules, from the engine's "unsupported" CompileError). A command on a module that needs a
 * feature the runtime does not execute yet is skipped and counted with the feature as reason —
 * never skipped by file name.
 */
export type Feature = 'gc' | 'exceptions' | 'stackSwitching' | 'simd' | 'threads';

/** Instruction and type keywords that only the named proposal has. */
const KEYWORDS: Record<Feature, RegExp> = {
  gc: /\b(?:struct\.\w+|array\.\w+|ref\.i31|i31\.get_[su]|ref\.test|ref\.cast|br_on_cast(?:_fail)?|any\.convert_extern|extern\.convert_any|ref\.eq|anyref|eqref|i31ref|structref|arrayref|nullref)\b|\((?:struct|array|sub|rec)\b|\((?:ref\s+(?:null\s+)?|ref\.null\s+)(?:any|eq|i31|struct|array|none)\b/,
  exceptions: /(?:\bthrow\b|\bthrow_ref\b|\btry_table\b|\btry\b|\bdelegate\b|\brethrow\b|\bexnref\b|\bnullexnref\b|\(tag\b|\bexn\b|\bnoexn\b)/,
  stackSwitching: /(?:\bcont\.new\b|\bcont\.bind\b|\bresume\b|\bresume_throw\b|\bsuspend\b|\bswitch\b|\(cont\b|\bcontref\b|\bnullcontref\b|\bnocont\b)/,
  simd: /\b(?:v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\b/,
  threads: /\b(?:memory\.atomic|atomic\.|\bshared\b)/,
};

/** Strips comments and string contents so keywords inside them are not mistaken for features. */
function codeOnly(text: string): string {
  return text
    .replace(/\(;[\s\S]*?;\)/g, ' ')
    .replace(/;;[^\n]*/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

export function featuresOfText(text: string): Set<Feature> {
  const code = codeOnly(text);
  const found = new Set<Feature>();
  for (const feature of Object.keys(KEYWORDS) as Feature[]) if (KEYWORDS[feature].test(code)) found.add(feature);
  return found;
}

/** Quoted modules are text too: their strings are the module. */
export function featuresOfQuote(quote: string): Set<Feature> {
  return featuresOfText(quote);
}
