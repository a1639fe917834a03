/**
 * The memory view: a hex dump of linear memory from an address (typed, or followed from a
 * variable's address or a pointer's value), 16 bytes a row with ASCII.
 */
import { el } from './dom.ts';

export const MEMORY_WINDOW = 256;

export class MemoryView {
  constructor(
    private readonly root: HTMLElement,
    private readonly input: HTMLInputElement,
    private readonly request: (address: number) => void,
  ) {
    input.addEventListener('change', () => {
      const a = Number(input.value.trim());
      if (Number.isInteger(a) && a >= 0) request(a);
    });
  }

  follow(address: number): void {
    this.input.value = `0x${address.toString(16)}`;
    this.request(address);
  }

  refresh(): void {
    const a = Number(this.input.value.trim());
    if (this.input.value.trim() !== '' && Number.isInteger(a) && a >= 0) this.request(a);
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
