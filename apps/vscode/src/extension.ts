/**
 * The Lantern extension: registers how VS Code starts the `lantern` debug adapter and fills in a
 * launch configuration when there is no launch.json.
 *
 * The adapter is dist/adapter.mjs (`@lantern/dap` and everything below it, bundled). By default
 * (`lantern.adapter: "bundled"`) VS Code runs it with its own runtime as a separate process;
 * `"inline"` runs it inside the extension host; `"lantern"` runs `lantern.executable dap` (a
 * Lantern installed elsewhere). A launch configuration with `debugServer` connects to
 * `lantern dap --port` instead.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';

const DEBUG_TYPE = 'lantern';

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly adapterPath: string) {}

  async createDebugAdapterDescriptor(): Promise<vscode.DebugAdapterDescriptor> {
    const settings = vscode.workspace.getConfiguration('lantern');
    const mode = settings.get<string>('adapter') ?? 'bundled';
    if (mode === 'lantern') return new vscode.DebugAdapterExecutable(settings.get<string>('executable') ?? 'lantern', ['dap']);
    if (mode === 'inline') {
      const { LanternDebugSession } = (await import(pathToFileURL(this.adapterPath).href)) as typeof import('./adapter.ts');
      return new vscode.DebugAdapterInlineImplementation(new LanternDebugSession());
    }
    // VS Code's runtime is Electron's: ELECTRON_RUN_AS_NODE makes it a plain Node.
    return new vscode.DebugAdapterExecutable(process.execPath, [this.adapterPath], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } as Record<string, string> });
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
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(join(context.extensionPath, 'dist', 'adapter.mjs'))),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
  );
}

export function deactivate(): void {}
