import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageExtension, vsixPath } from '../scripts/package.mjs';
import { zipEntries } from './zipEntries.ts';

type Message = { type: string; command?: string; event?: string; success?: boolean; body?: Record<string, unknown> };
const INITIALIZE = { type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'lantern', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true } };

/** The .vsix unpacked into a temporary directory; returns the extension's folder. */
function unpack(): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-vsix-'));
  for (const [name, data] of zipEntries(readFileSync(vsixPath))) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  }
  return join(root, 'extension');
}

/** The extension's main module loaded as VS Code loads it, with a stand-in `vscode` module. */
function activate(extensionPath: string, adapterSetting: string | undefined) {
  const factories = new Map<string, { createDebugAdapterDescriptor(): Promise<unknown> }>();
  class DebugAdapterInlineImplementation {
    constructor(readonly implementation: { handleMessage(m: unknown): void; onDidSendMessage(l: (m: unknown) => void): void }) {}
  }
  class DebugAdapterExecutable {
    constructor(readonly command: string, readonly args: string[], readonly options?: { env?: Record<string, string> }) {}
  }
  const vscode = {
    debug: {
      registerDebugAdapterDescriptorFactory: (type: string, factory: { createDebugAdapterDescriptor(): Promise<unknown> }) => (factories.set(type, factory), { dispose() {} }),
      registerDebugConfigurationProvider: () => ({ dispose() {} }),
    },
    workspace: { getConfiguration: () => ({ get: (key: string) => (key === 'adapter' ? adapterSetting : undefined) }) },
    DebugAdapterInlineImplementation,
    DebugAdapterExecutable,
  };
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = (request, ...rest) => (request === 'vscode' ? vscode : load(request, ...rest));
  try {
    const main = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).main as string;
    // A fresh load each time: the module keeps the `vscode` it was loaded with.
    delete (Module as unknown as { _cache: Record<string, unknown> })._cache[join(extensionPath, main)];
    const extension = (Module as unknown as { _load: typeof load })._load(join(extensionPath, main), null, false) as { activate(context: unknown): void };
    extension.activate({ subscriptions: [], extensionPath });
  } finally {
    (Module as unknown as { _load: typeof load })._load = load;
  }
  return { factory: factories.get('lantern')!, DebugAdapterInlineImplementation, DebugAdapterExecutable };
}

describe('the .vsix', () => {
  let extensionPath: string;
  beforeAll(async () => {
    await packageExtension();
    extensionPath = unpack();
  });

  it('packs offline and holds the manifest, README, LICENSE and the bundles', () => {
    const names = [...zipEntries(readFileSync(vsixPath)).keys()].filter((name) => name.startsWith('extension/')).sort();
    expect(names).toEqual(['extension/LICENSE.txt', 'extension/dist/adapter.mjs', 'extension/dist/extension.cjs', 'extension/package.json', 'extension/readme.md']);
  });

  it('runs the bundled adapter as a process that answers initialize', async () => {
    const { factory, DebugAdapterExecutable } = activate(extensionPath, undefined);
    const descriptor = (await factory.createDebugAdapterDescriptor()) as InstanceType<typeof DebugAdapterExecutable>;
    expect(descriptor).toBeInstanceOf(DebugAdapterExecutable);
    expect(descriptor.args).toEqual([join(extensionPath, 'dist', 'adapter.mjs')]);
    const child = spawn(descriptor.command, descriptor.args, { env: descriptor.options?.env, stdio: ['pipe', 'pipe', 'inherit'] });
    const json = JSON.stringify(INITIALIZE);
    child.stdin.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('"command":"initialize"')) resolve(text);
      });
    });
    child.kill();
    const response = JSON.parse(reply.slice(reply.indexOf('{'))) as Message;
    expect(response).toMatchObject({ type: 'response', command: 'initialize', success: true, body: { supportsConfigurationDoneRequest: true } });
  });

  it('runs the adapter inline when asked to', async () => {
    const { factory, DebugAdapterInlineImplementation } = activate(extensionPath, 'inline');
    const descriptor = (await factory.createDebugAdapterDescriptor()) as InstanceType<typeof DebugAdapterInlineImplementation>;
    expect(descriptor).toBeInstanceOf(DebugAdapterInlineImplementation);
    const sent: Message[] = [];
    descriptor.implementation.onDidSendMessage((message) => sent.push(message as Message));
    descriptor.implementation.handleMessage(INITIALIZE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent[0]).toMatchObject({ type: 'response', command: 'initialize', success: true, body: { supportsDisassembleRequest: true } });
  });
});
