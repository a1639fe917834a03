/**
 * The Web Worker entry: Lantern runs here, so the page never freezes while wasm runs.
 */
import { codeGenerationAllowed } from '@lantern/runtime';
import type { PageMessage, WorkerMessage } from '../protocol.ts';
import { Session } from './session.ts';

const scope = self as unknown as { postMessage(message: WorkerMessage): void; onmessage: ((event: MessageEvent<PageMessage>) => void) | null };
const session = new Session((message) => scope.postMessage(message));
scope.onmessage = (event) => session.handle(event.data);
scope.postMessage({ type: 'engine', engine: { nativeWasm: typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object', codeGeneration: codeGenerationAllowed() } });
