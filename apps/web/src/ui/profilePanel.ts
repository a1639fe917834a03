/**
 * The result of a Profile run: the hottest functions (total and self share) and lines (self share,
 * a click opens the line), the profiler's own HTML flame graph in a sandboxed frame, and the
 * .cpuprofile to download (Chrome DevTools and VS Code open it).
 */
import type { ProfileReport } from '../protocol.ts';
import { el } from './dom.ts';

export interface ProfilePanelEvents {
  openLine(file: string, line: number): void;
  download(fileName: string, text: string): void;
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

export class ProfilePanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly events: ProfilePanelEvents,
  ) {}

  clear(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  show(report: ProfileReport, programName: string): void {
    const download = el('button', { id: 'profile-download', title: 'V8 .cpuprofile: Chrome DevTools (Performance), VS Code' }, 'Download .cpuprofile');
    download.addEventListener('click', () => this.events.download(`${programName}.cpuprofile`, report.cpuprofile));
    const functions = table(
      ['total', 'self', 'function'],
      report.functions.map((f) => {
        const row = el('tr', { 'data-function': f.name }, el('td', {}, percent(f.total)), el('td', {}, percent(f.self)), el('td', { class: 'profile-name' }, f.name));
        if (f.file !== undefined) row.title = f.file;
        return row;
      }),
    );
    functions.id = 'profile-functions';
    const lines = table(
      ['self', 'line'],
      report.lines.map((l) => {
        const where = el('button', { class: 'link', title: l.file }, `${baseName(l.file)}:${l.line}`);
        where.addEventListener('click', () => this.events.openLine(l.file, l.line));
        return el('tr', { 'data-line': `${baseName(l.file)}:${l.line}` }, el('td', {}, percent(l.self)), el('td', {}, where));
      }),
    );
    lines.id = 'profile-lines';
    // The flame graph lays itself out with its own script: a sandboxed frame (no access to this page).
    const flame = el('iframe', { id: 'flame-graph', title: 'Flame graph', sandbox: 'allow-scripts' });
    flame.srcdoc = report.flameGraphHtml;
    this.root.replaceChildren(el('h3', {}, `Profile `, el('span', { class: 'muted engine' }, report.extent), download), functions, lines, flame);
    this.root.hidden = false;
  }
}

function table(headings: readonly string[], rows: readonly HTMLElement[]): HTMLTableElement {
  return el('table', { class: 'profile-table' }, el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows));
}
