/**
 * The call stack as the page shows it: the debugger's frame handles (inlined source frames have
 * their own, host frames are named `<host> module.name`), with a continuation boundary marked
 * below the bottom frame of each running continuation.
 */
import type { StackFrameHandle } from '@lantern/debugger';
import type { FrameView } from '../protocol.ts';

export function frameViews(handles: readonly StackFrameHandle[]): FrameView[] {
  return handles.map((h, i) => {
    const f = h.frame;
    if (f.kind === 'host') return { id: h.id, kind: 'host', name: h.name };
    // The frame's own handle is the last of its group (inlined calls come first, innermost first).
    const last = handles[i + 1]?.frame !== f;
    const boundary = last && f.boundary ? `continuation #${f.boundary.continuation ?? '?'} resumed${f.boundary.tag ? ` (suspended with ${f.boundary.tag})` : ''}` : undefined;
    return {
      id: h.id,
      kind: h.inlined > 0 || !last ? 'inlined' : 'wasm',
      name: h.name,
      ...(h.source ? { file: h.source.file, line: h.source.line, column: h.source.column } : {}),
      ...(h.pc !== undefined ? { pc: h.pc } : {}),
      ...(boundary ? { boundary } : {}),
    };
  });
}
