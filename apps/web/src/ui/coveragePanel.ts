/**
 * The result of a Coverage run: per source file how many of its lines with code ran (the source
 * view's gutter marks which), and the lcov tracefile to download (genhtml, Codecov, VS Code).
 */
import type { CoverageReport } from '../protocol.ts';
import { el } from './dom.ts';

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

export class CoveragePanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly download: (fileName: string, text: string) => void,
  ) {}

  clear(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  /** `shown`: the source files the page has; the others (a C library's, say) are summed in one row. */
  show(report: CoverageReport, shown: ReadonlySet<string>): void {
    const button = el('button', { id: 'coverage-download' }, 'Download lcov');
    button.addEventListener('click', () => this.download('lcov.info', report.lcov));
    const rows = report.files.filter((f) => shown.has(f.file)).map((f) => el('div', { class: 'coverage-file', 'data-file': baseName(f.file), title: f.file }, `${baseName(f.file)}: ${ratio(f.lines)}`));
    const others = report.files.filter((f) => !shown.has(f.file));
    if (others.length > 0) {
      const lines = others.flatMap((f) => f.lines);
      rows.push(el('div', { class: 'coverage-file muted', title: others.map((f) => f.file).join('\n') }, `${others.length} more file${others.length === 1 ? '' : 's'} without source here: ${ratio(lines)}`));
    }
    this.root.replaceChildren(el('h3', {}, 'Coverage', button), ...(rows.length > 0 ? rows : [el('div', { class: 'empty' }, 'No source lines: the module has no line table.')]));
    this.root.hidden = false;
  }
}

function ratio(lines: readonly (readonly [number, boolean])[]): string {
  const ran = lines.filter(([, hit]) => hit).length;
  return `${ran}/${lines.length} lines ran${lines.length === 0 ? '' : ` (${((100 * ran) / lines.length).toFixed(1)}%)`}`;
}
