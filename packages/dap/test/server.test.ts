import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from './support/client.ts';

describe.each(['tcp', 'stdio'] as const)('the adapter over %s', (transport) => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('answers initialize with its capabilities and the exception filters', async () => {
    session = await openSession(transport);
    const response = await session.client.initializeRequest();
    expect(response.body?.supportsConfigurationDoneRequest).toBe(true);
    expect(response.body?.exceptionBreakpointFilters?.map((f) => f.filter)).toEqual(['traps', 'wasm-uncaught', 'wasm-all']);
  });

  it('refuses a launch whose arguments do not fit the schema, naming the attribute', async () => {
    session = await openSession(transport);
    await session.client.initializeRequest();
    await expect(session.client.launchRequest({ program: 'x.wasm', stopOnEntry: 'yes' } as never)).rejects.toThrow('"stopOnEntry" must be true or false');
  });
});
