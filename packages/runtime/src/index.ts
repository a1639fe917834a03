export * from './syntax/types.ts';
export type * from './syntax/moduleInfo.ts';
export { CompileError, LinkError } from './errors.ts';
