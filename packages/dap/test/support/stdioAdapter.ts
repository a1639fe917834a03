// The adapter over stdin/stdout, as `lantern dap` serves it, run from sources (tsx) for the tests.
import { serveStdio } from '../../src/server.ts';

await serveStdio();
