/**
 * Instance (spec "module instance"): the index spaces of one instantiated module — imports
 * first, then definitions — its exports in order, and the segment state (dropped segments are
 * empty). The interpreter reads `mem0` (memory 0) on its fast path.
 */
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import type { FuncInstance } from './func.ts';
import type { GlobalInstance } from './global.ts';
import type { MemoryInstance } from './memory.ts';
import type { TableInstance } from './table.ts';
import type { TagInstance } from './tag.ts';

export type ExternValue = FuncInstance | TableInstance | MemoryInstance | GlobalInstance | TagInstance;

export class Instance {
  readonly exports = new Map<string, ExternValue>();
  funcs: FuncInstance[] = [];
  tables: TableInstance[] = [];
  memories: MemoryInstance[] = [];
  mem0: MemoryInstance | null = null;
  globals: GlobalInstance[] = [];
  tags: TagInstance[] = [];
  /** Data segments' bytes (empty once dropped). */
  datas: Uint8Array[] = [];
  /** Element segments' references (empty once dropped). */
  elems: unknown[][] = [];

  constructor(
    readonly info: ModuleInfo,
    /** Canonical type id of each type index. */
    readonly canonIds: number[],
  ) {}
}
