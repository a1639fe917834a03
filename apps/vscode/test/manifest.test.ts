import { describe, expect, it } from 'vitest';
import { launchSchema, parseLaunchArguments } from '@lantern/dap';
import { manifestDrift, readManifest } from '../scripts/manifest.ts';

describe('the extension manifest', () => {
  it("has the adapter's launch schema as its launch attributes", () => {
    expect(manifestDrift()).toBeUndefined();
  });

  it('contributes the lantern debug type with breakpoints in C, C++, Rust, AssemblyScript and WAT', () => {
    const manifest = readManifest() as unknown as {
      contributes: { debuggers: Array<{ type: string; languages: string[] }>; breakpoints: Array<{ language: string }> };
    };
    expect(manifest.contributes.debuggers.map((d) => d.type)).toEqual(['lantern']);
    const languages = manifest.contributes.breakpoints.map((b) => b.language);
    for (const language of ['c', 'cpp', 'rust', 'typescript', 'assemblyscript', 'wat']) expect(languages).toContain(language);
  });

  it('has snippets and an initial configuration the adapter accepts', () => {
    const debuggerEntry = (readManifest() as unknown as {
      contributes: { debuggers: Array<{ initialConfigurations: Array<Record<string, unknown>>; configurationSnippets: Array<{ body: Record<string, unknown> }> }> };
    }).contributes.debuggers[0]!;
    const configurations = [...debuggerEntry.initialConfigurations, ...debuggerEntry.configurationSnippets.map((s) => s.body)];
    const known = new Set(Object.keys(launchSchema.properties));
    for (const configuration of configurations) {
      // `debugServer` is VS Code's own attribute (connect to a running `lantern dap --port`).
      const { type, request, name, debugServer, ...attributes } = configuration;
      expect([type, request, typeof name]).toEqual(['lantern', 'launch', 'string']);
      expect(debugServer === undefined || typeof debugServer === 'number').toBe(true);
      for (const key of Object.keys(attributes)) expect(known).toContain(key);
      expect(() => parseLaunchArguments({ ...attributes, program: 'program.wasm' })).not.toThrow();
    }
  });
});
