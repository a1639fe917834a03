import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LaunchArgumentError, parseLaunchArguments } from '../src/launchSchema.ts';

describe('parseLaunchArguments', () => {
  it('resolves paths against cwd and fills the defaults', () => {
    const options = parseLaunchArguments({ type: 'lantern', request: 'launch', name: 'x', program: 'a.wasm', cwd: '/tmp/w', preopens: { '/data': 'd' }, stdin: 'in.txt' });
    expect(options).toEqual({
      program: '/tmp/w/a.wasm',
      args: [],
      invoke: undefined,
      cwd: '/tmp/w',
      env: {},
      preopens: { '/data': '/tmp/w/d' },
      stdin: '/tmp/w/in.txt',
      stopOnEntry: false,
      stackSize: undefined,
      tier: undefined,
      debugCompile: true,
    });
    expect(parseLaunchArguments({ program: 'a.wasm', tier: 'eager', debugCompile: false })).toMatchObject({ tier: 'eager', debugCompile: false });
    expect(parseLaunchArguments({ program: 'b.wat' }).program).toBe(resolve('b.wat'));
  });

  it.each([
    [{}, '"program" is required'],
    [{ program: 'a.wasm', args: [1] }, '"args" must be an array of strings'],
    [{ program: 'a.wasm', env: { K: 1 } }, '"env.K" must be a string'],
    [{ program: 'a.wasm', stopOnEntry: 'yes' }, '"stopOnEntry" must be true or false'],
    [{ program: 'a.wasm', stackSize: 0 }, '"stackSize" must be a positive integer'],
    [{ program: 'a.wasm', progam: 'typo' }, 'unknown attribute "progam"'],
    [{ program: 'a.wasm', tier: 'fast' }, '"tier" must be one of interpreter, auto, eager'],
    [{ program: 'a.wasm', debugCompile: 'no' }, '"debugCompile" must be true or false'],
  ])('rejects %j naming the attribute', (raw, message) => {
    expect(() => parseLaunchArguments(raw as Record<string, unknown>)).toThrow(LaunchArgumentError);
    expect(() => parseLaunchArguments(raw as Record<string, unknown>)).toThrow(message);
  });
});
