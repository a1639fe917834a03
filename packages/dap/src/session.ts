/**
 * LanternDebugSession: one DAP client's session. It translates requests into calls on the
 * debugger core (`@lantern/debugger`) and the core's stops and output into events; the protocol
 * itself (framing, sequence numbers, request dispatch) is `@vscode/debugadapter`'s.
 */
import { DebugSession, InitializedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { capabilities } from './capabilities.ts';
import { LaunchArgumentError, parseLaunchArguments, type LaunchOptions } from './launchSchema.ts';

export class LanternDebugSession extends DebugSession {
  private readonly closedListeners: Array<() => void> = [];
  private launchOptions: LaunchOptions | undefined;

  /** Called once the client has disconnected (the transport may close). */
  onClosed(listener: () => void): void {
    this.closedListeners.push(listener);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { ...capabilities };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): void {
    try {
      this.launchOptions = parseLaunchArguments(args as Record<string, unknown>);
    } catch (error) {
      if (error instanceof LaunchArgumentError) return this.sendErrorResponse(response, 1, error.message);
      throw error;
    }
    this.sendResponse(response);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.sendResponse(response);
    for (const listener of this.closedListeners) listener();
  }
}
