/**
 * The WASI in-memory filesystem as a file list: add files (the program sees them at the same
 * path), download any file the program wrote.
 */
import type { FileEntry } from '../protocol.ts';
import { el } from './dom.ts';

export class FilesPanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly download: (path: string) => void,
  ) {}

  show(files: readonly FileEntry[]): void {
    if (files.length === 0) {
      this.root.replaceChildren(el('div', { class: 'empty' }, 'No files. Add one: the program sees it at /name.'));
      return;
    }
    this.root.replaceChildren(
      ...files.map((f) => {
        const link = el('button', { class: 'link', 'data-path': f.path }, f.path);
        link.addEventListener('click', () => this.download(f.path));
        return el('div', { class: 'file' }, link, el('span', { class: 'size' }, `${f.size} B`));
      }),
    );
  }
}

export function saveBytes(path: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  const a = el('a', { href: url, download: path.slice(path.lastIndexOf('/') + 1) });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
