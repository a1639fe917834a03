/**
 * `lantern dap [--port N]`: the Debug Adapter Protocol server (`@lantern/dap`) for editors. Over
 * stdin/stdout by default (what an editor spawns); with `--port`, a TCP server on 127.0.0.1 that
 * serves a session per connection until it is killed (`--port 0` picks a free port). It prints
 * the port it listens on to stderr.
 */
import { portOf, serveStdio, serveTcp } from '@lantern/dap';
import { CliError } from '../cliError.ts';

export interface DapOptions {
  port?: string;
}

export async function dapCommand(options: DapOptions): Promise<void> {
  if (options.port === undefined) return serveStdio();
  const port = Number(options.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new CliError(`--port "${options.port}": expected a TCP port number (0-65535)`);
  let server;
  try {
    server = await serveTcp(port);
  } catch (error) {
    throw new CliError(`--port ${port}: cannot listen on 127.0.0.1 (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  process.stderr.write(`lantern dap: listening on 127.0.0.1:${portOf(server)}\n`);
  await new Promise<void>((resolve) => server.on('close', resolve));
}
