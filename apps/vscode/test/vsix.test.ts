import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { describe, expect, it } from 'vitest';
import { packageExtension, vsixPath } from '../scripts/package.mjs';
import { zipEntries } from './zipEntries.ts';

describe('the .vsix', () => {
  it('packs offline and holds the manifest, README, LICENSE and the bundled extension', async () => {
    await packageExtension();
    const entries = zipEntries(readFileSync(vsixPath));
    expect([...entries.keys()].filter((name) => name.startsWith('extension/')).sort()).toEqual([
      'extension/LICENSE.txt',
      'extension/dist/extension.cjs',
      'extension/package.json',
      'extension/readme.md',
    ]);
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as { main: string };
    expect(manifest.main).toBe('./dist/extension.cjs');
  });

  it("registers an inline adapter for the lantern type that answers initialize", async () => {
    await packageExtension();
    const source = zipEntries(readFileSync(vsixPath)).get('extension/dist/extension.cjs')!.toString('utf8');
    // The bundle as VS Code loads it, with a stand-in for the host's `vscode` module.
    const factories = new Map<string, { createDebugAdapterDescriptor(): unknown }>();
    class DebugAdapterInlineImplementation {
      constructor(readonly implementation: { handleMessage(m: unknown): void; onDidSendMessage(l: (m: unknown) => void): void }) {}
    }
    const vscode = {
      debug: {
        registerDebugAdapterDescriptorFactory: (type: string, factory: { createDebugAdapterDescriptor(): unknown }) => (factories.set(type, factory), { dispose() {} }),
        registerDebugConfigurationProvider: () => ({ dispose() {} }),
      },
      workspace: { getConfiguration: () => ({ get: () => undefined }) },
      DebugAdapterInlineImplementation,
    };
    const module = new Module(vsixPath);
    const require = createRequire(vsixPath);
    (module as unknown as { require: (id: string) => unknown }).require = (id: string) => (id === 'vscode' ? vscode : require(id));
    (module as unknown as { _compile(code: string, file: string): void })._compile(source, `${vsixPath}/extension.cjs`);
    const extension = module.exports as { activate(context: { subscriptions: unknown[] }): void };
    extension.activate({ subscriptions: [] });
    const descriptor = factories.get('lantern')!.createDebugAdapterDescriptor() as DebugAdapterInlineImplementation;
    expect(descriptor).toBeInstanceOf(DebugAdapterInlineImplementation);
    const sent: Array<{ type: string; command?: string; event?: string; success?: boolean; body?: Record<string, unknown> }> = [];
    descriptor.implementation.onDidSendMessage((message) => sent.push(message as (typeof sent)[number]));
    descriptor.implementation.handleMessage({ type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'lantern', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent[0]).toMatchObject({ type: 'response', command: 'initialize', success: true, body: { supportsConfigurationDoneRequest: true } });
    expect(sent[1]).toMatchObject({ type: 'event', event: 'initialized' });
  });
});
