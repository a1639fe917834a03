export { Wasi, type WasiOptions, type InstanceLike } from './wasi.ts';
export { ExitStatus } from './exitStatus.ts';
export { Errno, WasiError } from './errno.ts';
export type { StdioHooks } from './context.ts';
export type { MemoryLike } from './guestMemory.ts';
export * as abi from './abi.ts';
