// readMemory / writeMemory on every memory of the program (test/fixtures/overdraft.wat has two):
// the Memory scope lists each with its memoryReference, a reference reads and writes that memory
// from any frame, and one naming a memory the program lacks is an error saying so.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';
import { Driver } from './support/driver.ts';
import { fixtures } from './support/fixtures.ts';

describe('memories', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('reads and writes either memory by its reference', async () => {
    session = await openSession('tcp');
    const c = session.client;
    const d = new Driver(session);
    await d.launch({ program: fixtures.overdraftWat, invoke: 'run', args: ['25'] }, { exceptions: ['wasm-uncaught'] });
    const [, run] = await d.frames();
    // From the older frame's scope: the same program memories.
    const memories = await d.scope(run!.id, 'Memory');
    expect(memories.map((m) => [m.name, m.memoryReference])).toEqual([
      ['memory0', 'memory0@0x00000000'],
      ['memory1', 'memory1@0x00000000'],
    ]);
    const read = async (memoryReference: string, offset: number, count: number) =>
      Buffer.from(((await c.send('readMemory', { memoryReference, offset, count })).body as { data: string }).data, 'base64').toString('latin1');
    expect(await read(memories[1]!.memoryReference!, 16, 6)).toBe('ledger');
    expect(await read(memories[0]!.memoryReference!, 16, 6)).toBe('\0'.repeat(6));
    await c.send('writeMemory', { memoryReference: 'memory1@0x10', data: Buffer.from('LED').toString('base64') });
    expect(await read('memory1@0x10', 0, 6)).toBe('LEDger');
    await expect(c.send('readMemory', { memoryReference: 'memory2@0x0', count: 4 })).rejects.toThrow('The program has 2 memories; "memory2@0x0" names memory 2.');
  });
});
