/**
 * The Lantern extension: registers how VS Code starts the `lantern` debug adapter and fills in a
 * launch configuration when there is no launch.json.
 *
 * The adapter runs inside the extension host by default (`lantern.adapter: "inline"`, the
 * `@lantern/dap` session bundled into this file: nothing else to install); `"executable"` runs
 * `lantern.executable` (default `lantern`) with `dap`, for a Lantern installed elsewhere.
 * A launch configuration with `debugServer` connects to `lantern dap --port` instead.
 */
import * as vscode from 'vscode';
import { LanternDebugSession } from '@lantern/dap';

const DEBUG_TYPE = 'lantern';

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const settings = vscode.workspace.getConfiguration('lantern');
    if (settings.get<string>('adapter') === 'executable') {
      return new vscode.DebugAdapterExecutable(settings.get<string>('executable') ?? 'lantern', ['dap']);
    }
    return new vscode.DebugAdapterInlineImplementation(new LanternDebugSession());
  }
}

/** F5 with no launch.json: debug the active .wasm/.wat file. */
class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const file = vscode.window.activeTextEditor?.document.fileName;
      if (file === undefined || !/\.(wasm|wat)$/.test(file)) {
        void vscode.window.showInformationMessage('Lantern: open a .wat file or add a "lantern" launch configuration naming the .wasm program.');
        return undefined;
      }
      return { type: DEBUG_TYPE, request: 'launch', name: 'Debug with Lantern', program: file };
    }
    return config;
  }
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
  );
}

export function deactivate(): void {}
