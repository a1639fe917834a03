/**
 * The tests' DAP client: `@vscode/debugadapter-testsupport`'s DebugClient, connected to the
 * adapter over TCP (an in-process `serveTcp` server on a free port of 127.0.0.1) or over stdio (a
 * child process running `serveStdio`), recording every message both ways for the golden
 * transcripts.
 */
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { portOf, serveTcp } from '../../src/server.ts';
import { repoRoot } from './fixtures.ts';

export type Transport = 'tcp' | 'stdio';

export interface Session {
  readonly client: DebugClient;
  /** The messages so far, one line each, normalized (see `normalize`). */
  readonly transcript: string[];
  close(): Promise<void>;
}

/**
 * One message as a transcript line: `→ command args` for a request, `← command body` (or `✗ command
 * message`) for its response, `← event name body` for an event. Sequence numbers go; the
 * repository's path becomes `<repo>`.
 */
function line(arrow: string, head: string, payload: unknown): string {
  const json = payload === undefined ? '' : ` ${JSON.stringify(payload)}`;
  return `${arrow} ${head}${json}`.split(repoRoot).join('<repo>');
}

/** Hang guard only: a loaded machine may take long, but a lost message must not hang the suite. */
const PATIENCE_MS = 600_000;

export async function openSession(transport: Transport): Promise<Session> {
  let server: Server | undefined;
  let client: DebugClient;
  if (transport === 'tcp') {
    server = await serveTcp(0);
    client = new DebugClient('node', 'unused', 'lantern');
  } else {
    client = new DebugClient(process.execPath, fileURLToPath(new URL('./stdioAdapter.ts', import.meta.url)), 'lantern', {
      cwd: repoRoot,
      env: { ...process.env, NODE_OPTIONS: '--import tsx' },
    });
  }
  client.defaultTimeout = PATIENCE_MS;
  const transcript: string[] = [];
  // DAP_TRACE=1: every message on stderr as it comes (to see where a scenario waits).
  if (process.env.DAP_TRACE) transcript.push = (...lines: string[]) => (lines.forEach((l) => process.stderr.write(`${l.slice(0, 400)}\n`)), Array.prototype.push.apply(transcript, lines));
  const raw = client as unknown as { dispatch(body: string): void; send(command: string, args?: unknown): Promise<DebugProtocol.Response> };
  const dispatch = raw.dispatch.bind(client);
  raw.dispatch = (body: string) => {
    const message = JSON.parse(body) as DebugProtocol.ProtocolMessage & Partial<DebugProtocol.Response & DebugProtocol.Event>;
    if (message.type === 'event') transcript.push(line('←', `event ${message.event}`, message.body));
    else if (message.success) transcript.push(line('←', message.command!, message.body));
    else transcript.push(line('✗', message.command!, message.message));
    dispatch(body);
  };
  const send = raw.send.bind(client);
  raw.send = (command: string, args?: unknown) => {
    transcript.push(line('→', command, args));
    return send(command, args);
  };
  await client.start(server === undefined ? undefined : portOf(server));
  return {
    client,
    transcript,
    async close() {
      await client.stop();
      if (server !== undefined) await new Promise((resolve) => server.close(resolve));
    },
  };
}
