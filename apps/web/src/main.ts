/**
 * The page: opens programs (examples, file picker, drag-and-drop), talks to the debug worker and
 * keeps the panels in step with its state (no program / idle / running / paused / exited).
 */
import './style.css';
import { EXAMPLES } from './examples.ts';
import type { Entry, FrameView, Measure, PageMessage, ProgramFile, ProgramSummary, StopView, VariableView, WorkerMessage } from './protocol.ts';
import { CallStackPanel } from './ui/callStack.ts';
import { CoveragePanel } from './ui/coveragePanel.ts';
import { byId, el } from './ui/dom.ts';
import { FilesPanel, saveBytes } from './ui/filesPanel.ts';
import { MEMORY_WINDOW, MemoryView } from './ui/memoryView.ts';
import { ProfilePanel } from './ui/profilePanel.ts';
import { SourceView, withBinding, type BreakpointMark, type LineCoverage } from './ui/sourceView.ts';
import { OutputPane } from './ui/terminal.ts';
import { VariablesPanel } from './ui/variablesPanel.ts';

type State = 'none' | 'idle' | 'running' | 'paused';

const worker = new Worker(new URL('./worker/debugWorker.ts', import.meta.url), { type: 'module', name: 'lantern-debugger' });
const send = (message: PageMessage): void => worker.postMessage(message);

let program: ProgramSummary | undefined;
let state: State = 'none';
let stop: StopView | undefined;
let selectedFrame = 0;
let lastEntry: Entry | undefined;
const marks = new Map<string, BreakpointMark[]>();
const pendingChildren = new Map<number, (children: readonly VariableView[]) => void>();
const fileDownloads = new Set<string>();
/** The last Coverage run's lines, by source file. */
const coverage = new Map<string, LineCoverage>();

const sourceView = new SourceView(byId('source'), {
  toggle(file, line) {
    const list = marks.get(file) ?? [];
    const has = list.some((m) => m.line === line);
    setMarks(file, has ? list.filter((m) => m.line !== line) : [...list, { line }]);
  },
  edit: openBreakpointEditor,
});
const callStack = new CallStackPanel(byId('call-stack'), selectFrame);
const variables = new VariablesPanel(byId('variables'), {
  expand: (ref) =>
    new Promise((resolve) => {
      pendingChildren.set(ref, resolve);
      send({ type: 'expand', ref });
    }),
  showMemory: (address) => memory.follow(address),
  setValue: (v, value) => send({ type: 'setVariable', frame: selectedFrame, container: v.container, name: v.name, value }),
});
const memory = new MemoryView(byId('memory'), byId<HTMLInputElement>('memory-address'), byId<HTMLSelectElement>('memory-index'), (index, address) => {
  if (state === 'paused') send({ type: 'memory', memory: index, address, length: MEMORY_WINDOW });
});
const output = new OutputPane(byId('terminal'), byId('output-text'));
const saveText = (fileName: string, text: string): void => saveBytes(fileName, new TextEncoder().encode(text));
const profilePanel = new ProfilePanel(byId('profile-panel'), { openLine: (file, line) => showSource(file, line), download: saveText });
const coveragePanel = new CoveragePanel(byId('coverage-panel'), saveText);
const files = new FilesPanel(byId('files'), (path) => {
  fileDownloads.add(path);
  send({ type: 'readFile', path });
});

// ---------------------------------------------------------------- opening programs

function open(main: string, given: readonly ProgramFile[], entry?: Entry): void {
  hideError();
  output.clear();
  byId('exit-status').textContent = '';
  marks.clear();
  coverage.clear();
  profilePanel.clear();
  coveragePanel.clear();
  lastEntry = entry;
  send({ type: 'load', main, files: given });
}

async function openFiles(list: FileList | readonly File[]): Promise<void> {
  const given = await Promise.all([...list].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const main = given.find((f) => /\.wasm$/i.test(f.name)) ?? given.find((f) => /\.wat$/i.test(f.name));
  if (!main) return showError(`No .wasm or .wat among ${given.map((f) => f.name).join(', ') || 'the files given'}.`);
  open(main.name, given);
}

const examplesBar = byId('examples');
for (const ex of EXAMPLES) {
  const b = el('button', { 'data-example': ex.id, title: ex.description }, ex.title);
  b.addEventListener('click', () => open(ex.main, ex.files(), ex.entry));
  examplesBar.append(b);
}
byId<HTMLInputElement>('file-input').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  if (input.files) void openFiles(input.files);
  input.value = '';
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  if (e.dataTransfer?.files.length) void openFiles(e.dataTransfer.files);
});
byId<HTMLInputElement>('add-file').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  for (const f of input.files ?? []) send({ type: 'addFile', path: `/${f.name}`, bytes: new Uint8Array(await f.arrayBuffer()) });
  input.value = '';
});

// ---------------------------------------------------------------- breakpoints

function setMarks(file: string, list: BreakpointMark[]): void {
  const unique = [...new Map(list.map((m) => [m.line, m])).values()].sort((a, b) => a.line - b.line);
  marks.set(file, unique);
  if (sourceView.currentFile === file) sourceView.setMarks(unique);
  send({ type: 'setBreakpoints', file, breakpoints: unique.map(({ line, condition, logMessage }) => ({ line, ...(condition ? { condition } : {}), ...(logMessage ? { logMessage } : {}) })) });
}

function openBreakpointEditor(file: string, line: number, at: { x: number; y: number }): void {
  const box = byId('bp-editor');
  const kind = byId<HTMLSelectElement>('bp-kind');
  const text = byId<HTMLInputElement>('bp-text');
  const existing = (marks.get(file) ?? []).find((m) => m.line === line);
  box.querySelector('.bp-editor-title')!.textContent = `Breakpoint at ${file}:${line}`;
  kind.value = existing?.logMessage ? 'log' : 'condition';
  text.value = existing?.logMessage ?? existing?.condition ?? '';
  text.placeholder = 'n == 3   or   i = {i}';
  box.style.left = `${at.x}px`;
  box.style.top = `${at.y}px`;
  box.hidden = false;
  text.focus();
  const close = (): void => {
    box.hidden = true;
    byId('bp-ok').onclick = null;
    byId('bp-remove').onclick = null;
  };
  byId('bp-ok').onclick = () => {
    const others = (marks.get(file) ?? []).filter((m) => m.line !== line);
    const value = text.value.trim();
    const mark: BreakpointMark = value === '' ? { line } : kind.value === 'log' ? { line, logMessage: value } : { line, condition: value };
    setMarks(file, [...others, mark]);
    close();
  };
  byId('bp-remove').onclick = () => {
    setMarks(file, (marks.get(file) ?? []).filter((m) => m.line !== line));
    close();
  };
}

// ---------------------------------------------------------------- running

function entryFromToolbar(): Entry {
  const chosen = byId<HTMLSelectElement>('entry').value;
  const args = byId<HTMLInputElement>('args').value.trim();
  const list = args === '' ? [] : args.split(/\s+/);
  return chosen === '_start' ? { kind: 'start', args: list } : { kind: 'invoke', name: chosen, args: list };
}

function run(stopAtEntry: boolean, measure?: Measure): void {
  hideError();
  output.clear();
  byId('exit-status').textContent = '';
  lastEntry = entryFromToolbar();
  send({ type: 'run', entry: lastEntry, stopAtEntry, ...(measure ? { measure } : {}) });
}

const granularity = () => (byId<HTMLInputElement>('by-instruction').checked || program?.sources.every((s) => s.generated) ? 'instruction' : 'line');
byId('run').addEventListener('click', () => run(false));
byId('start').addEventListener('click', () => run(true));
byId('restart').addEventListener('click', () => run(false));
byId('profile').addEventListener('click', () => {
  profilePanel.clear();
  run(false, { kind: 'profile', exact: byId<HTMLInputElement>('profile-exact').checked });
});
byId('coverage').addEventListener('click', () => run(false, { kind: 'coverage' }));
byId('pause').addEventListener('click', () => send({ type: 'pause' }));
byId('stop').addEventListener('click', () => {
  send({ type: 'kill' });
  ended('[stopped]');
});
byId('continue').addEventListener('click', () => send({ type: 'continue' }));
byId('step-over').addEventListener('click', () => send({ type: 'step', kind: 'over', granularity: granularity() }));
byId('step-into').addEventListener('click', () => send({ type: 'step', kind: 'into', granularity: granularity() }));
byId('step-out').addEventListener('click', () => send({ type: 'step', kind: 'out', granularity: granularity() }));
byId('trap-resume').addEventListener('click', () => {
  const text = byId<HTMLInputElement>('trap-value').value.trim();
  send({ type: 'trap', action: 'resume', values: text === '' ? [] : text.split(/[\s,]+/) });
});
byId('evaluate-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const expression = byId<HTMLInputElement>('evaluate').value.trim();
  if (expression !== '' && state === 'paused') send({ type: 'evaluate', expression, frame: selectedFrame });
});
byId('trap-retry').addEventListener('click', () => send({ type: 'trap', action: 'retry' }));
byId('return-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = byId<HTMLInputElement>('return-values').value.trim();
  if (state === 'paused') send({ type: 'forceReturn', frame: selectedFrame, values: text === '' ? [] : text.split(/[\s,]+/) });
});
const sendStopOn = (): void =>
  send({ type: 'stopOn', stopOn: { traps: byId<HTMLInputElement>('stop-traps').checked, exceptions: byId<HTMLSelectElement>('stop-exceptions').value as 'none' | 'uncaught' | 'all' } });
byId('stop-traps').addEventListener('change', sendStopOn);
byId('stop-exceptions').addEventListener('change', sendStopOn);
byId('trap-unwind').addEventListener('click', () => send({ type: 'trap', action: 'unwind' }));
document.addEventListener('keydown', (e) => {
  const key = e.key;
  if (key === 'F5') send(state === 'paused' ? { type: 'continue' } : { type: 'pause' });
  else if (key === 'F10' && state === 'paused') send({ type: 'step', kind: 'over', granularity: granularity() });
  else if (key === 'F11' && state === 'paused') send({ type: 'step', kind: e.shiftKey ? 'out' : 'into', granularity: granularity() });
  else return;
  e.preventDefault();
});

function setState(next: State, status: string): void {
  state = next;
  const on = (id: string, enabled: boolean) => ((byId<HTMLButtonElement>(id).disabled = !enabled));
  on('run', next !== 'none');
  on('start', next !== 'none');
  on('profile', next !== 'none');
  on('coverage', next !== 'none');
  on('restart', next === 'running' || next === 'paused');
  on('stop', next === 'running' || next === 'paused');
  on('pause', next === 'running');
  for (const id of ['continue', 'step-over', 'step-into', 'step-out', 'force-return']) on(id, next === 'paused');
  byId('status').textContent = status;
  document.body.dataset.state = next;
  if (next !== 'paused') {
    stop = undefined;
    byId('trap-panel').hidden = true;
    sourceView.setCurrent(undefined);
    callStack.clear();
    variables.clear();
    byId('evaluated').replaceChildren();
    memory.clear();
  }
}

function ended(text: string): void {
  setState('idle', text);
  byId('exit-status').textContent = text;
}

// ---------------------------------------------------------------- showing a stop

function showSource(file: string, line: number | undefined): void {
  const source = program?.sources.find((s) => s.file === file);
  if (!source) return;
  if (sourceView.currentFile !== file) {
    sourceView.show(source, marks.get(file) ?? [], line);
    sourceView.setCoverage(coverage.get(file));
  } else sourceView.setCurrent(line);
  for (const tab of byId('source-tabs').children) tab.classList.toggle('active', (tab as HTMLElement).dataset.file === file);
}

function selectFrame(frame: FrameView): void {
  selectedFrame = frame.id;
  if (stop) callStack.show(stop.frames, selectedFrame);
  if (frame.file !== undefined) showSource(frame.file, frame.line);
  send({ type: 'scopes', frame: frame.id });
}

function showStop(s: StopView): void {
  stop = s;
  const top = s.frames.find((f) => f.kind !== 'host');
  selectedFrame = top?.id ?? 0;
  const at = top?.line !== undefined ? ` at ${top.file}:${top.line}` : '';
  // A wasm exception's stop says which (its description names the tag and payload).
  setState('paused', s.reason === 'trap' ? `Trapped: ${s.trap ?? ''}` : s.reason === 'exception' ? `${s.description}${at}` : `Paused (${s.reason})${at}`);
  callStack.show(s.frames, selectedFrame);
  variables.show(s.scopes);
  memory.setMemories(s.memories);
  if (top?.file !== undefined) showSource(top.file, top.line);
  const trap = byId('trap-panel');
  trap.hidden = s.reason !== 'trap';
  if (s.reason === 'trap') {
    byId('trap-message').textContent = `${s.trap ?? 'trap'} — the stack is intact. ${s.trapResults ? `Resume with ${s.trapResults} value${s.trapResults === 1 ? '' : 's'} for the trapping instruction, retry it, or unwind.` : 'Resume past it, retry it, or unwind.'}`;
  }
  memory.refresh();
}

function loaded(p: ProgramSummary): void {
  program = p;
  byId('program-name').textContent = `${p.name} — symbols: ${p.symbols}`;
  const tabs = byId('source-tabs');
  tabs.replaceChildren(
    ...p.sources.map((s) => {
      const t = el('button', { class: 'tab', 'data-file': s.file }, s.generated ? `${s.file} (generated)` : s.file);
      t.addEventListener('click', () => showSource(s.file, stop?.frames.find((f) => f.file === s.file)?.line));
      return t;
    }),
  );
  const entry = byId<HTMLSelectElement>('entry');
  entry.replaceChildren(
    ...(p.hasStart ? [el('option', { value: '_start' }, '_start (WASI command)')] : []),
    ...p.functions.filter((f) => f.name !== '_start').map((f) => el('option', { value: f.name }, `${f.name}(${f.params.join(', ')})`)),
  );
  const wanted = lastEntry ?? (p.hasStart ? { kind: 'start' as const, args: [] } : undefined);
  if (wanted) {
    entry.value = wanted.kind === 'start' ? '_start' : wanted.name;
    byId<HTMLInputElement>('args').value = wanted.args.join(' ');
  }
  const first = p.sources.find((s) => !s.generated && s.language !== 'text') ?? p.sources[0];
  if (first) {
    sourceView.show(first, [], undefined);
    showSource(first.file, undefined);
  }
  setState('idle', 'Ready');
}

// ---------------------------------------------------------------- the worker's messages

worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'engine':
      byId('engine').textContent = `Engine: Lantern's interpreter, in a worker (browser WebAssembly ${m.engine.nativeWasm ? 'present, unused' : 'absent'}; code generation ${m.engine.codeGeneration ? 'allowed' : 'forbidden by the page\'s CSP'})`;
      return;
    case 'loaded':
      return loaded(m.program);
    case 'error':
      return showError(m.message);
    case 'breakpoints': {
      const current = marks.get(m.file) ?? [];
      // A breakpoint on a line without code moves to the line it bound to, as IDEs do.
      const moved = current.map((mark) => {
        const b = m.breakpoints.find((x) => x.line === mark.line);
        return b?.boundLine !== undefined && b.boundLine !== mark.line ? { ...mark, line: b.boundLine } : mark;
      });
      if (moved.some((mark, i) => mark.line !== current[i]!.line)) return setMarks(m.file, moved);
      const bound = withBinding(current, m.breakpoints);
      marks.set(m.file, bound);
      if (sourceView.currentFile === m.file) sourceView.setMarks(bound);
      return;
    }
    case 'running':
      return setState('running', 'Running…');
    case 'paused':
      return showStop(m.stop);
    case 'scopes':
      return variables.show(m.scopes);
    case 'evaluated':
      return variables.showResult(byId('evaluated'), m.result, m.error);
    case 'children':
      pendingChildren.get(m.ref)?.(m.children);
      pendingChildren.delete(m.ref);
      return;
    case 'memory':
      return memory.show(m.address, m.bytes, m.error);
    case 'output':
      return output.write(m.stream, m.text);
    case 'exited': {
      const text = m.trap !== undefined ? `[terminated: ${m.trap}]` : `[exited with code ${m.code}${m.result !== undefined ? `; result ${m.result}` : ''}]`;
      output.write('debugger', `${text}\n`);
      return ended(text);
    }
    case 'files':
      return files.show(m.files);
    case 'file':
      if (fileDownloads.delete(m.path)) saveBytes(m.path, m.bytes);
      return;
    case 'profile':
      return profilePanel.show(m.report, program?.name ?? 'program');
    case 'coverage': {
      coverage.clear();
      for (const f of m.report.files) coverage.set(f.file, new Map(f.lines));
      if (sourceView.currentFile !== undefined) sourceView.setCoverage(coverage.get(sourceView.currentFile));
      return coveragePanel.show(m.report, new Set(program?.sources.map((s) => s.file)));
    }
  }
});
worker.addEventListener('error', (e) => showError(`The debug worker failed: ${e.message}`));

function showError(message: string): void {
  const box = byId('error');
  box.textContent = message;
  box.hidden = false;
}

function hideError(): void {
  byId('error').hidden = true;
}

setState('none', 'No program');

// Offline once loaded: the service worker caches the whole build (offlinePrecache.ts). Not in
// Vite's dev server, whose files change under it.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn(`Lantern works online only here: ${String(error)}`));
}
