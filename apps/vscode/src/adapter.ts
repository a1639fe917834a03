/**
 * The adapter as the extension ships it (dist/adapter.mjs, an ES module: the packages below use
 * top-level await): imported by the extension for the inline adapter, and run as a program
 * (`node adapter.mjs`, or VS Code's own runtime) to serve one session over stdin/stdout.
 */
import { fileURLToPath } from 'node:url';
import { LanternDebugSession, serveStdio } from '@lantern/dap';

export { LanternDebugSession };

if (process.argv[1] === fileURLToPath(import.meta.url)) await serveStdio();
