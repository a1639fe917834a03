/**
 * A module's `name` section, read by the runtime's own parser (one reading of names for
 * backtraces, the printed text and the debugger). A module without one, or with one the
 * runtime drops as malformed, names nothing.
 */
import { emptyNameMap, parseNameSection } from '@lantern/runtime';
import type { NameMap } from '@lantern/runtime';
import { customSection, findWasmSections } from './wasmSections.ts';

export function nameSectionOf(bytes: Uint8Array): NameMap {
  const section = customSection(findWasmSections(bytes), 'name');
  return (section && parseNameSection(section.data, 0, section.data.length)) ?? emptyNameMap();
}
