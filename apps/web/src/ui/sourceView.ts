/**
 * The source view: a read-only CodeMirror 6 editor per source file, with a breakpoint gutter
 * (click: set/clear; right-click: condition or log message), the current line highlighted, and
 * after a Coverage run a gutter marking each line with code as run or not.
 * CodeMirror 6 because it is maintained, modular (only view/state/language and two grammars are
 * bundled), works under a CSP without eval, and has first-class gutters and line decorations.
 */
import { cpp } from '@codemirror/lang-cpp';
import { wast } from '@codemirror/lang-wast';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutter, lineNumbers, type DecorationSet } from '@codemirror/view';
import type { BoundBreakpoint, BreakpointSpec, SourceText } from '../protocol.ts';

export interface BreakpointMark extends BreakpointSpec {
  /** Where it bound (undefined: pending or not bindable). */
  readonly boundLine?: number;
  readonly verified?: boolean;
}

class BreakpointMarker extends GutterMarker {
  constructor(readonly mark: BreakpointMark) {
    super();
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof BreakpointMarker && other.mark === this.mark;
  }
  override toDOM(): Node {
    const el = document.createElement('span');
    const kind = this.mark.logMessage ? 'log' : this.mark.condition ? 'conditional' : 'plain';
    el.className = `bp-marker bp-${kind}${this.mark.verified === false ? ' bp-unbound' : ''}`;
    el.textContent = this.mark.logMessage ? '◆' : '●';
    el.title = this.mark.logMessage ? `log: ${this.mark.logMessage}` : this.mark.condition ? `if ${this.mark.condition}` : 'breakpoint';
    return el;
  }
}

/** A line with code after a Coverage run: ran (green) or not (red). */
class CoverageMarker extends GutterMarker {
  constructor(
    readonly line: number,
    readonly ran: boolean,
  ) {
    super();
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof CoverageMarker && other.line === this.line && other.ran === this.ran;
  }
  override toDOM(): Node {
    const el = document.createElement('span');
    el.className = `cov-marker ${this.ran ? 'cov-ran' : 'cov-missed'}`;
    el.dataset.line = String(this.line);
    el.title = this.ran ? 'ran' : 'did not run';
    return el;
  }
}

/** Line → ran, for the file shown. */
export type LineCoverage = ReadonlyMap<number, boolean>;

const setMarks = StateEffect.define<readonly BreakpointMark[]>();
const setCoverage = StateEffect.define<LineCoverage | undefined>();

const coverageField = StateField.define<LineCoverage | undefined>({
  create: () => undefined,
  update: (value, tr) => tr.effects.reduce((v, e) => (e.is(setCoverage) ? e.value : v), value),
});

const coverageGutter = gutter({
  class: 'cm-coverage-gutter',
  markers: (view) => {
    const doc = view.state.doc;
    const ranges = [...(view.state.field(coverageField) ?? [])]
      .filter(([line]) => line >= 1 && line <= doc.lines)
      .sort((a, b) => a[0] - b[0])
      .map(([line, ran]) => new CoverageMarker(line, ran).range(doc.line(line).from));
    return RangeSet.of(ranges);
  },
});
const setCurrent = StateEffect.define<number | undefined>();

const marksField = StateField.define<readonly BreakpointMark[]>({
  create: () => [],
  update: (value, tr) => tr.effects.reduce((v, e) => (e.is(setMarks) ? e.value : v), value),
});

const currentLineDecoration = Decoration.line({ class: 'cm-current-stop' });
const currentField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) {
      if (!e.is(setCurrent)) continue;
      if (e.value === undefined || e.value < 1 || e.value > tr.state.doc.lines) return Decoration.none;
      return Decoration.set([currentLineDecoration.range(tr.state.doc.line(e.value).from)]);
    }
    return value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface SourceViewEvents {
  /** The gutter was clicked at `line`. */
  toggle(file: string, line: number): void;
  /** The gutter's context menu at `line`. */
  edit(file: string, line: number, at: { x: number; y: number }): void;
}

export class SourceView {
  private view: EditorView | undefined;
  private file: string | undefined;

  constructor(
    private readonly parent: HTMLElement,
    private readonly events: SourceViewEvents,
  ) {}

  get currentFile(): string | undefined {
    return this.file;
  }

  show(source: SourceText, marks: readonly BreakpointMark[], current: number | undefined): void {
    this.view?.destroy();
    this.file = source.file;
    const file = source.file;
    const lineOf = (view: EditorView, pos: number) => view.state.doc.lineAt(pos).number;
    const breakpointGutter = gutter({
      class: 'cm-breakpoint-gutter',
      markers: (view) => {
        const doc = view.state.doc;
        const ranges = view.state
          .field(marksField)
          .filter((m) => m.line >= 1 && m.line <= doc.lines)
          .map((m) => new BreakpointMarker(m).range(doc.line(m.line).from))
          .sort((a, b) => a.from - b.from);
        return RangeSet.of(ranges);
      },
      initialSpacer: () => new BreakpointMarker({ line: 0 }),
      domEventHandlers: {
        mousedown: (view, block, event) => {
          if ((event as MouseEvent).button !== 0) return false;
          this.events.toggle(file, lineOf(view, block.from));
          return true;
        },
        contextmenu: (view, block, event) => {
          event.preventDefault();
          const e = event as MouseEvent;
          this.events.edit(file, lineOf(view, block.from), { x: e.clientX, y: e.clientY });
          return true;
        },
      },
    });
    const language: Extension = source.language === 'c' ? cpp() : source.language === 'wat' ? wast() : [];
    this.view = new EditorView({
      parent: this.parent,
      state: EditorState.create({
        doc: source.text,
        extensions: [
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          marksField,
          currentField,
          coverageField,
          coverageGutter,
          breakpointGutter,
          lineNumbers(),
          language,
          syntaxHighlighting(defaultHighlightStyle),
          EditorView.theme({ '&': { height: '100%' }, '.cm-scroller': { overflow: 'auto' } }),
        ],
      }),
    });
    this.setMarks(marks);
    this.setCurrent(current);
  }

  setMarks(marks: readonly BreakpointMark[]): void {
    this.view?.dispatch({ effects: setMarks.of(marks) });
  }

  setCoverage(coverage: LineCoverage | undefined): void {
    this.view?.dispatch({ effects: setCoverage.of(coverage) });
  }

  setCurrent(line: number | undefined): void {
    const view = this.view;
    if (!view) return;
    const effects: StateEffect<unknown>[] = [setCurrent.of(line)];
    if (line !== undefined && line >= 1 && line <= view.state.doc.lines) effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'center' }));
    view.dispatch({ effects });
  }
}

/** Merges the worker's binding results into the page's marks. */
export function withBinding(marks: readonly BreakpointMark[], bound: readonly BoundBreakpoint[]): BreakpointMark[] {
  return marks.map((m) => {
    const b = bound.find((x) => x.line === m.line);
    return b ? { ...m, boundLine: b.boundLine, verified: b.boundLine !== undefined } : m;
  });
}
