/**
 * The `launch` request's attributes: the JSON Schema here is the one source of truth. The VS Code
 * extension's manifest (`apps/vscode/package.json`, `configurationAttributes.launch`) is written
 * from it by `apps/vscode/scripts/manifest.mjs` and a test fails when the two differ;
 * `parseLaunchArguments` checks a request against the same attributes.
 */
import { resolve } from 'node:path';
import type { TierPolicy } from '@lantern/runtime';

/** The JSON Schema of `launch`'s arguments (VS Code's `configurationAttributes.launch`). */
export const launchSchema = {
  type: 'object',
  required: ['program'],
  properties: {
    program: {
      type: 'string',
      description: 'The WebAssembly program to debug: a .wasm binary or a .wat text module.',
    },
    args: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      description: "The program's arguments (after argv[0], which is the program's path); with `invoke`, the export's arguments.",
    },
    invoke: {
      type: 'string',
      description: "Call this export with `args` (typed by the export's parameters) instead of running the WASI command's _start.",
    },
    cwd: {
      type: 'string',
      description: 'The directory relative paths (`program`, `preopens`) are resolved against. Default: the adapter\'s working directory.',
    },
    env: {
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
      description: "The program's WASI environment variables.",
    },
    preopens: {
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
      description: 'Host directories the program may open, by the name it sees: { "/data": "./data" }.',
    },
    stdin: {
      type: 'string',
      description: "A file whose contents are the program's standard input (default: empty).",
    },
    stopOnEntry: {
      type: 'boolean',
      default: false,
      description: 'Stop at the first instruction of the entry function.',
    },
    stackSize: {
      type: 'integer',
      minimum: 1,
      description: "The VM stack's size in 8-byte cells.",
    },
    tier: {
      type: 'string',
      enum: ['interpreter', 'auto', 'eager'],
      default: 'interpreter',
      description: "How the program runs: 'interpreter', 'auto' (hot functions compiled to JavaScript) or 'eager' (all it can). Compiled code runs on under the debugger; a stop turns its frames into interpreter frames.",
    },
    debugCompile: {
      type: 'boolean',
      default: true,
      description: 'Compile functions in debug mode: every operand stack value is kept, shown and writable (a stop before a wasm throw needs it to read the payload). false: faster code without the operand stack.',
    },
  },
} as const;

/** `launch`'s arguments, checked and with paths made absolute. */
export interface LaunchConfig {
  readonly program: string;
  readonly args: readonly string[];
  readonly invoke: string | undefined;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly preopens: Readonly<Record<string, string>>;
  readonly stdin: string | undefined;
  readonly stopOnEntry: boolean;
  readonly stackSize: number | undefined;
  readonly tier: TierPolicy | undefined;
  readonly debugCompile: boolean;
}

/** A `launch` request whose arguments do not fit the schema; the message names the attribute. */
export class LaunchArgumentError extends Error {
  override name = 'LaunchArgumentError';
}

const KNOWN = new Set([...Object.keys(launchSchema.properties), 'type', 'request', 'name', 'noDebug', '__restart', '__sessionId', '__configurationTarget']);

function stringRecord(name: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LaunchArgumentError(`launch: "${name}" must be an object of strings`);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new LaunchArgumentError(`launch: "${name}.${key}" must be a string`);
  }
  return value as Record<string, string>;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new LaunchArgumentError(`launch: "${name}" must be a non-empty string`);
  return value;
}

/** Checks `launch`'s arguments against `launchSchema`; relative paths resolve against `cwd`. */
export function parseLaunchArguments(raw: Record<string, unknown>): LaunchConfig {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key)) throw new LaunchArgumentError(`launch: unknown attribute "${key}" (known: ${Object.keys(launchSchema.properties).join(', ')})`);
  }
  const program = optionalString('program', raw.program);
  if (program === undefined) throw new LaunchArgumentError('launch: "program" is required (a .wasm or .wat file)');
  const args = raw.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new LaunchArgumentError('launch: "args" must be an array of strings');
  const cwd = resolve(optionalString('cwd', raw.cwd) ?? process.cwd());
  const stopOnEntry = raw.stopOnEntry ?? false;
  if (typeof stopOnEntry !== 'boolean') throw new LaunchArgumentError('launch: "stopOnEntry" must be true or false');
  const stackSize = raw.stackSize;
  if (stackSize !== undefined && !(typeof stackSize === 'number' && Number.isInteger(stackSize) && stackSize >= 1)) {
    throw new LaunchArgumentError('launch: "stackSize" must be a positive integer (8-byte cells)');
  }
  const tier = raw.tier;
  if (tier !== undefined && !launchSchema.properties.tier.enum.includes(tier as TierPolicy)) {
    throw new LaunchArgumentError(`launch: "tier" must be one of ${launchSchema.properties.tier.enum.join(', ')}`);
  }
  const debugCompile = raw.debugCompile ?? true;
  if (typeof debugCompile !== 'boolean') throw new LaunchArgumentError('launch: "debugCompile" must be true or false');
  const preopens = Object.fromEntries(Object.entries(stringRecord('preopens', raw.preopens)).map(([guest, host]) => [guest, resolve(cwd, host)]));
  const stdin = optionalString('stdin', raw.stdin);
  return {
    program: resolve(cwd, program),
    args,
    invoke: optionalString('invoke', raw.invoke),
    cwd,
    env: stringRecord('env', raw.env),
    preopens,
    stdin: stdin === undefined ? undefined : resolve(cwd, stdin),
    stopOnEntry,
    stackSize,
    tier: tier as TierPolicy | undefined,
    debugCompile,
  };
}
