/**
 * A scenario's steps over a DAP session, as an editor takes them: launch with breakpoints and
 * wait for the first stop, resume and wait for the next, read the stack and the variables, run
 * to the end. Each waits for events registered BEFORE the request that causes them (an event
 * may arrive in the same chunk as the response).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Session } from './client.ts';

export interface Breakpoints {
  readonly source?: { readonly path: string; readonly breakpoints: DebugProtocol.SourceBreakpoint[] };
  readonly functions?: DebugProtocol.FunctionBreakpoint[];
  readonly exceptions?: string[];
}

export class Driver {
  /** What the program wrote to stdout so far. */
  stdout = '';
  readonly client;

  constructor(readonly session: Session) {
    this.client = session.client;
    this.client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout') this.stdout += event.body.output;
    });
  }

  /** initialize, launch, the breakpoints, configurationDone; resolves with the first stop. */
  async launch(args: Record<string, unknown>, breakpoints: Breakpoints = {}): Promise<DebugProtocol.StoppedEvent> {
    const c = this.client;
    await c.initializeRequest();
    const initialized = c.waitForEvent('initialized');
    const launched = c.launchRequest(args as DebugProtocol.LaunchRequestArguments);
    await initialized;
    if (breakpoints.source) await c.setBreakpointsRequest({ source: { path: breakpoints.source.path }, breakpoints: breakpoints.source.breakpoints });
    if (breakpoints.functions) await c.setFunctionBreakpointsRequest({ breakpoints: breakpoints.functions });
    await c.send('setExceptionBreakpoints', { filters: breakpoints.exceptions ?? ['traps'] });
    const stopped = c.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await c.configurationDoneRequest();
    await launched;
    return stopped;
  }

  /** Sends a resuming request; resolves with the stop it leads to. */
  async resume(command: string, args: object = { threadId: 1 }): Promise<DebugProtocol.StoppedEvent> {
    const stopped = this.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await this.client.send(command, args);
    return stopped;
  }

  async frames(): Promise<DebugProtocol.StackFrame[]> {
    return (await this.client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  }

  /** The variables of the scope named `scope` of frame `frameId`. */
  async scope(frameId: number, scope: string): Promise<DebugProtocol.Variable[]> {
    const scopes = (await this.client.scopesRequest({ frameId })).body.scopes;
    const found = scopes.find((s) => s.name === scope);
    if (!found) throw new Error(`no scope "${scope}" (scopes: ${scopes.map((s) => s.name).join(', ')})`);
    return this.children(found.variablesReference);
  }

  async children(variablesReference: number, start?: number, count?: number): Promise<DebugProtocol.Variable[]> {
    return (await this.client.variablesRequest({ variablesReference, ...(start !== undefined ? { start } : {}), ...(count !== undefined ? { count } : {}) })).body.variables;
  }

  async evaluate(expression: string, frameId: number | undefined, context = 'watch'): Promise<DebugProtocol.EvaluateResponse['body']> {
    return (await this.client.evaluateRequest({ expression, ...(frameId !== undefined ? { frameId } : {}), context })).body;
  }

  /** Continues (or sends `command`) and waits for the end: the exit code. */
  async runToEnd(command = 'continue', args: object = { threadId: 1 }): Promise<number> {
    const exited = this.client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const terminated = this.client.waitForEvent('terminated');
    await this.client.send(command, args);
    const code = (await exited).body.exitCode;
    await terminated;
    return code;
  }
}

/** A variable by name. */
export function named(variables: readonly DebugProtocol.Variable[], name: string): DebugProtocol.Variable {
  const v = variables.find((x) => x.name === name);
  if (!v) throw new Error(`no variable "${name}" (have: ${variables.map((x) => x.name).join(', ')})`);
  return v;
}
