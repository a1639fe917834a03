/**
 * Host functions' reads of linear memory, for read and access watchpoints. A write by the host
 * shows in the bytes (DebugState compares them when the call returns); a read leaves no trace,
 * and reads through `memory.buffer` cannot be trapped. So a host declares what it reads:
 * `declareHostRead(memory, address, length)` (jsapi/debugAccess.ts) while it runs. WASI (@lantern/wasi) declares every
 * range it reads (iovec tables and the bytes fd_write / fd_pwrite write out, path strings,
 * subscriptions) through its `onMemoryRead` hook; other hosts may call it the same way. What a
 * host reads without declaring it is not seen.
 *
 * The host calls in progress whose reads are wanted (a store with a read or access watchpoint
 * on memory) are stacked here: a declared read belongs to the innermost host function running.
 * With none, a declaration costs one length test.
 */
import type { MemoryInstance } from '../instances/memory.ts';

/** What a watched host call does with a read it made (DebugState's HostCallWatch). */
export interface HostReadListener {
  read(memory: MemoryInstance, address: number, length: number): void;
}

const listening: HostReadListener[] = [];

/** A watched host call starts (innermost last), or ends (`stopListening` with the same listener). */
export function listenForHostReads(listener: HostReadListener): void {
  listening.push(listener);
}

export function stopListening(listener: HostReadListener): void {
  const i = listening.lastIndexOf(listener);
  if (i >= 0) listening.splice(i, 1);
}

/** Whether a watched host call listens (else a declared read is dropped at once). */
export function hostReadsWanted(): boolean {
  return listening.length > 0;
}

/** The host function running now reads [address, address + length) of `memory`. */
export function noteHostRead(memory: MemoryInstance, address: number, length: number): void {
  if (listening.length === 0 || !(length > 0)) return;
  listening[listening.length - 1].read(memory, address, length);
}
