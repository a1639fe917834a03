/**
 * Where the adapter listens: one session over stdin/stdout (what an editor spawns), or a TCP
 * server on 127.0.0.1 with a session per connection (`lantern dap --port N`; VS Code's
 * `debugServer`). The wire format is `@vscode/debugadapter`'s.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { LanternDebugSession } from './session.ts';

/**
 * Serves one session over this process's stdin/stdout. Stdout is the protocol channel, so
 * anything else the process would print there (`console.log`) goes to stderr instead.
 * Resolves when the client disconnects or closes the stream.
 */
export function serveStdio(): Promise<void> {
  console.log = console.error;
  console.info = console.error;
  const session = new LanternDebugSession();
  session.setRunAsServer(true);
  return new Promise((resolve) => {
    const end = () => {
      process.stdin.destroy();
      resolve();
    };
    session.onClosed(end);
    process.stdin.on('end', end);
    session.start(process.stdin, process.stdout);
  });
}

/** A TCP server of debug sessions on 127.0.0.1 (`port` 0: any free port; `address().port` tells). */
export function serveTcp(port: number): Promise<Server> {
  const server = createServer((socket) => {
    const session = new LanternDebugSession();
    session.setRunAsServer(true);
    session.onClosed(() => socket.end());
    socket.on('close', () => session.dispose());
    socket.on('error', () => session.dispose());
    session.start(socket, socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The port a `serveTcp` server listens on. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
