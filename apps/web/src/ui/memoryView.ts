/**
 * The memory view: a hex dump of a linear memory of the program (any of them: the chooser lists
 * the stop's memories) from an address (typed, or followed from a variable's address or a
 * pointer's value — those are in memory 0), 16 bytes a row with ASCII.
 */
import { el } from './dom.ts';

export const MEMORY_WINDOW = 256;

export class MemoryView {
  constructor(
    private readonly root: HTMLElement,
    private readonly input: HTMLInputElement,
    private readonly chooser: HTMLSelectElement,
    private readonly request: (memory: number, address: number) => void,
  ) {
    input.addEventListener('change', () => this.refresh());
    chooser.addEventListener('change', () => this.refresh());
  }

  /** The memories of this stop (their labels, by index); the choice stays when it still exists. */
  setMemories(labels: readonly string[]): void {
    const chosen = this.chooser.value;
    this.chooser.replaceChildren(...labels.map((label, i) => el('option', { value: String(i) }, label)));
    if (Number(chosen) < labels.length) this.chooser.value = chosen;
    this.chooser.hidden = labels.length < 2;
  }

  follow(address: number): void {
    this.input.value = `0x${address.toString(16)}`;
    this.chooser.value = '0';
    this.refresh();
  }

  refresh(): void {
    const a = Number(this.input.value.trim());
    if (this.input.value.trim() !== '' && Number.isInteger(a) && a >= 0) this.request(Number(this.chooser.value || 0), a);
  }

  show(address: number, bytes: Uint8Array | undefined, error?: string): void {
    if (!bytes) {
      this.root.replaceChildren(el('div', { class: 'empty' }, error ?? 'no memory'));
      return;
    }
    const rows: string[] = [];
    for (let row = 0; row < bytes.length; row += 16) {
      const chunk = bytes.subarray(row, row + 16);
      const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ').padEnd(47, ' ');
      const ascii = [...chunk].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
      rows.push(`${(address + row).toString(16).padStart(8, '0')}  ${hex}  ${ascii}`);
    }
    this.root.replaceChildren(el('pre', { class: 'hex' }, rows.join('\n')));
  }

  clear(): void {
    this.root.replaceChildren(el('div', { class: 'empty' }, 'Not paused'));
  }
}
