/**
 * Stack switching: a generator (suspend/resume), a scheduler of green threads (switch),
 * backtraces across continuation boundaries, listing a suspended continuation's frames, the
 * segment pool, exceptions out of continuations, and the hook points.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawFrame } from '@lantern/traps';
import {
  ContRef, Continuation, continuationFrames, decodeModule, FuncInstance, instantiate, invoke, Store, TagInstance,
  validateModule, type ControlHooks, type Instance, type RawValue, type StoreOptions,
} from '../../src/index.ts';
import { trapOf } from '../exec/helpers.ts';

const bytes = new Uint8Array(readFileSync(new URL('./fixtures/continuations.wasm', import.meta.url)));

function load(options?: StoreOptions) {
  const store = new Store(options);
  const info = decodeModule(bytes);
  validateModule(info);
  const inst = instantiate(store, info, []);
  const call = (name: string, ...args: RawValue[]) => invoke(store, inst.exports.get(name) as FuncInstance, args);
  return { store, inst, call };
}

/** Function names of the fixture by index (the text format's $names, in order). */
const NAMES = [
  'counter', 'sum', 'enqueue', 'dequeue', 'log', 'worker', 'schedule', 'deep', 'body', 'resumer', 'trapDeep',
  'body2', 'resumer2', 'trapAfterSuspend', 'inner', 'body3', 'suspended', 'resumeIt', 'thrower', 'catchFromCont',
  'unhandled',
];
const boundaryOf = (f: RawFrame) => (f.kind === 'wasm' ? f.boundary : undefined);
const show = (frames: RawFrame[]) =>
  frames.map((f) => {
    const b = boundaryOf(f);
    return NAMES[f.funcIndex] + (b ? ` <${b.tag ? 'suspended before' : 'fresh'} #${(b.continuation as Continuation).id}>` : '');
  });

describe('generators: suspend / resume', () => {
  it('sums what a generator yields', () => {
    const { store, call } = load();
    expect(call('sum', 100)).toEqual([5050]);
    expect(call('sum', 10000)).toEqual([50005000]);
    expect(store.thread.pool.live).toBe(0); // every segment went back to the pool
  });

  it('reuses segments: many generators one after the other fit a pool of 2', () => {
    const { store, call } = load({ contSegments: 2 });
    for (let i = 1; i <= 300; i++) expect(call('sum', i)).toEqual([(i * (i + 1)) / 2]);
    expect(store.thread.pool.live).toBe(0);
  });
});

describe('green threads: switch', () => {
  it('runs a ring of workers, each handing over to the next', () => {
    const { store, inst, call } = load();
    expect(call('schedule', 3)).toEqual([9]);
    const log = [...inst.memories[0].u8.subarray(0, 9)];
    expect(log).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(store.thread.pool.live).toBe(0);
  });
});

describe('backtraces across continuation boundaries', () => {
  it('a trap deep in a continuation shows its frames, then its resumer and the host entry', () => {
    const { store, call } = load();
    const t = trapOf(() => call('trapDeep'));
    expect(t.message).toBe('unreachable executed');
    expect(show(t.frames)).toEqual([
      'deep', 'deep', 'deep',
      `body <fresh #${(boundaryOf(t.frames[3])!.continuation as Continuation).id}>`,
      'resumer', 'trapDeep',
    ]);
    expect(boundaryOf(t.frames[3])!.tag).toBeNull();
    expect(store.thread.pool.live).toBe(0); // the trap released the running segment
  });

  it('after a suspension the boundary names the tag it was suspended with', () => {
    const { inst, call } = load();
    const t = trapOf(() => call('trapAfterSuspend'));
    expect(show(t.frames).map((s) => s.replace(/#\d+/, '#'))).toEqual(['deep', 'deep', 'body2 <suspended before #>', 'resumer2', 'trapAfterSuspend']);
    const tag = boundaryOf(t.frames[2])!.tag;
    expect(tag).toBeInstanceOf(TagInstance);
    expect(tag).toBe((inst as Instance).tags[1]); // $t
  });

  it('lists a suspended continuation\'s frames without resuming it', () => {
    const { store, inst, call } = load();
    const [ref] = call('suspended') as [ContRef];
    expect(ref).toBeInstanceOf(ContRef);
    const frames = continuationFrames(store, ref);
    expect(frames.map((f) => NAMES[f.funcIndex])).toEqual(['inner', 'body3']);
    expect(frames[0].offset).toBe(inst.info.bodies[14].codeStart); // at its `suspend`
    expect(store.thread.pool.live).toBe(1);
    expect(call('resumeIt', ref)).toEqual([1]); // suspends again at the second call
    expect(continuationFrames(store, ref)).toEqual([]); // that handle is consumed
    expect(trapOf(() => call('resumeIt', ref)).message).toBe('continuation already consumed');
  });
});

describe('exceptions, unhandled suspension, hooks', () => {
  it('an exception thrown in a continuation is caught by the resumer', () => {
    const { store, call } = load();
    expect(call('catchFromCont')).toEqual([7]);
    expect(store.thread.pool.live).toBe(0);
  });

  it('a suspend without a handler is a trap "unhandled tag"', () => {
    const { call } = load();
    expect(trapOf(() => call('unhandled')).message).toBe('unhandled tag');
  });

  it('reports resume, suspend, switch and return events', () => {
    const { store, call } = load();
    const counts: Record<string, number> = {};
    const bump = (k: string) => () => void (counts[k] = (counts[k] ?? 0) + 1);
    const hooks: ControlHooks = { resume: bump('resume'), suspend: bump('suspend'), switch: bump('switch'), returned: bump('returned') };
    store.thread.hooks = hooks;
    call('sum', 3);
    expect(counts).toEqual({ resume: 4, suspend: 3, returned: 1 });
    for (const k of Object.keys(counts)) delete counts[k];
    call('schedule', 2);
    expect(counts).toEqual({ resume: 2, switch: 4, returned: 2 });
  });
});
