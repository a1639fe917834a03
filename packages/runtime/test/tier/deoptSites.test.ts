import { describe, expect, it } from 'vitest';
import { decodeSites, encodeSites } from '../../src/tier/deoptSites.ts';

describe('deoptimization sites as data (deoptSites.ts)', () => {
  it('decodes what it encodes: pcs of any length, no operands, every category, in order', () => {
    const sites = new Map<number, string>([[0, ''], [7, 'i'], [18456, 'ilfdvr'], [123456789, 'rr'], [42, '']]);
    const decoded = decodeSites(encodeSites(sites));
    expect([...decoded]).toEqual([...sites]);
  });

  it('an empty table stays empty', () => {
    expect(encodeSites(new Map())).toBe('');
    expect(decodeSites('').size).toBe(0);
  });

  it('writes one short string literal: no quotes or separators inside a site', () => {
    const encoded = encodeSites(new Map([[18482, 'i'], [18527, 'ii'], [18530, '']]));
    expect(encoded).toBe('18482i,18527ii,18530');
  });
});
