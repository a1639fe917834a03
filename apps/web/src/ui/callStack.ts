/**
 * The call stack panel: wasm frames with their source positions, inlined frames, host frames,
 * and a separator row at each continuation boundary. Clicking a frame selects it.
 */
import type { FrameView } from '../protocol.ts';
import { el } from './dom.ts';

export class CallStackPanel {
  private selected = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly onSelect: (frame: FrameView) => void,
  ) {}

  clear(): void {
    this.root.replaceChildren(el('div', { class: 'empty' }, 'Not paused'));
  }

  show(frames: readonly FrameView[], selected: number): void {
    this.selected = selected;
    const rows: HTMLElement[] = [];
    frames.forEach((f, i) => {
      const where = f.file !== undefined ? `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}` : f.pc !== undefined ? `0x${f.pc.toString(16)}` : '';
      const row = el(
        'div',
        { class: `frame frame-${f.kind}${f.id === this.selected ? ' selected' : ''}`, 'data-frame': String(f.id), 'data-row': String(i), 'data-pc': f.pc !== undefined ? String(f.pc) : undefined },
        el('span', { class: 'frame-name' }, f.kind === 'inlined' ? `${f.name} [inlined]` : f.name),
        el('span', { class: 'frame-where' }, where),
      );
      if (f.kind !== 'host') row.addEventListener('click', () => this.onSelect(f));
      rows.push(row);
      if (f.boundary) rows.push(el('div', { class: 'frame-boundary' }, `── ${f.boundary} ──`));
    });
    this.root.replaceChildren(...rows);
  }
}
