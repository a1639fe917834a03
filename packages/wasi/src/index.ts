export { Wasi, type WasiOptions, type InstanceLike } from './wasi.ts';
export { ExitStatus } from './exitStatus.ts';
export { Errno, WasiError } from './errno.ts';
export type { StdioHooks } from './context.ts';
export type { MemoryLike, MemoryReadHook } from './guestMemory.ts';
export {
  FileSystemError, OpenFlags, type DirectoryEntry, type FileKind, type FileStats, type FileSystem,
} from './fs/fileSystem.ts';
export { MemoryFileSystem, type MemoryFileSystemOptions } from './fs/memoryFileSystem.ts';
export { NodeFileSystem } from './fs/nodeFileSystem.ts';
export * as abi from './abi.ts';
