// `lantern dap`: the Debug Adapter Protocol server as an editor starts it — over stdin/stdout, and
// with --port on 127.0.0.1 — driven by a real DAP client through a trap that is resumed with a
// value. (The adapter's own scenarios are in packages/dap/test.)
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lanternCommand } from './support/lantern.ts';

const stats = fileURLToPath(new URL('../examples/debugging/stats.wasm', import.meta.url));

/** A DebugClient on a process's stdin/stdout (DebugClient itself spawns with one argument only). */
class PipeClient extends DebugClient {
  attach(child: ChildProcess): void {
    this.connect(child.stdout!, child.stdin!);
  }
}

/** `lantern dap [args]` as a child process. */
function startAdapter(...args: string[]): ChildProcess {
  const [node, ...argv] = lanternCommand('dap', ...args);
  return spawn(node!, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The port `lantern dap --port 0` reports on stderr. */
function portOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`lantern dap exited (${code}): ${text}`)));
  });
}

async function trapScenario(client: DebugClient): Promise<void> {
  let stdout = '';
  client.on('output', (e: DebugProtocol.OutputEvent) => {
    if (e.body.category === 'stdout') stdout += e.body.output;
  });
  await client.initializeRequest();
  const initialized = client.waitForEvent('initialized');
  const launched = client.launchRequest({ program: stats } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await client.configurationDoneRequest();
  await launched;
  expect((await stopped).body).toMatchObject({ reason: 'exception', text: 'integer divide by zero' });
  expect((await client.exceptionInfoRequest({ threadId: 1 })).body.details?.message).toBe('integer divide by zero');
  const [average] = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  expect(average).toMatchObject({ name: 'average', line: 33 });
  const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
  await client.evaluateRequest({ expression: 'resume 7', frameId: average!.id, context: 'repl' });
  expect((await exited).body.exitCode).toBe(0);
  expect(stdout).toBe('0 points, average area 7\n');
}

describe('lantern dap', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('serves a session over stdin/stdout', async () => {
    child = startAdapter();
    const client = new PipeClient('unused', 'unused', 'lantern');
    client.defaultTimeout = 600_000; // a hang guard on a loaded machine, not a speed budget
    client.attach(child);
    await trapScenario(client);
    const exited = new Promise((resolve) => child!.on('exit', resolve));
    await client.disconnectRequest();
    expect(await exited).toBe(0); // the session's end ends the process
  });

  it('serves sessions over TCP on 127.0.0.1 with --port', async () => {
    child = startAdapter('--port', '0');
    const port = await portOf(child);
    for (let session = 0; session < 2; session++) {
      const client = new DebugClient('unused', 'unused', 'lantern');
      client.defaultTimeout = 600_000;
      await client.start(port);
      await trapScenario(client);
      await client.stop();
    }
  });

  it('refuses a bad --port with one line', async () => {
    child = startAdapter('--port', 'eighty');
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child!.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe('lantern: --port "eighty": expected a TCP port number (0-65535)\n');
  });
});
