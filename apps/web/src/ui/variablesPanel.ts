/**
 * The variables panel: the debugger's scopes of the selected frame — source parameters and
 * locals (structs, arrays and pointers expand on click; the worker lists children by reference),
 * wasm locals, the operand stack, globals. A value in memory opens the memory view there;
 * double-clicking a value edits it (the worker assigns it and sends the scopes again).
 */
import type { Scopes, VariableView } from '../protocol.ts';
import { el } from './dom.ts';

export interface VariablesEvents {
  expand(ref: number): Promise<readonly VariableView[]>;
  showMemory(address: number): void;
  setValue(v: VariableView, value: string): void;
}

export class VariablesPanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly events: VariablesEvents,
  ) {}

  clear(): void {
    this.root.replaceChildren(el('div', { class: 'empty' }, 'Not paused'));
  }

  show(scopes: Scopes): void {
    this.root.replaceChildren(
      ...scopes.scopes.map((scope) => el('details', { open: '', class: 'scope', 'data-scope': scope.name }, el('summary', {}, scope.name), this.list(scope.variables))),
    );
  }

  /** An evaluated expression's row (expandable like any variable), or the evaluator's message. */
  showResult(target: HTMLElement, result: VariableView | undefined, error: string | undefined): void {
    target.replaceChildren(result ? this.list([result]) : el('div', { class: 'eval-error' }, error ?? ''));
  }

  private list(vars: readonly VariableView[]): HTMLElement {
    const ul = el('ul', { class: 'vars' });
    for (const v of vars) ul.append(this.item(v));
    if (vars.length === 0) ul.append(el('li', { class: 'empty' }, '(none)'));
    return ul;
  }

  private item(v: VariableView): HTMLElement {
    const toggle = el('span', { class: 'toggle' }, v.ref > 0 ? '▸' : ' ');
    const line = el(
      'div',
      { class: 'var', 'data-name': v.name },
      toggle,
      el('span', { class: 'var-name' }, v.name),
      el('span', { class: 'var-value' }, v.value),
      el('span', { class: 'var-type' }, v.type),
    );
    const li = el('li', {}, line);
    if (v.container > 0) {
      const valueCell = line.querySelector<HTMLElement>('.var-value')!;
      valueCell.title = 'double-click to change';
      valueCell.addEventListener('dblclick', (e) => {
        e.stopPropagation();
        const input = el('input', { class: 'var-edit', type: 'text', value: v.value });
        input.addEventListener('click', (ev) => ev.stopPropagation());
        input.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter') this.events.setValue(v, input.value.trim());
          else if (ev.key === 'Escape') input.replaceWith(valueCell);
        });
        valueCell.replaceWith(input);
        input.select();
      });
    }
    const memoryLink = (address: number, text: string, title: string): void => {
      const link = el('button', { class: 'link', title }, text);
      link.addEventListener('click', (e) => {
        e.stopPropagation();
        this.events.showMemory(address);
      });
      line.append(link);
    };
    if (v.memory !== undefined) memoryLink(v.memory, '→ memory', `show memory at 0x${v.memory.toString(16)} (a pointer's target, else where the value lives)`);
    if (v.ref > 0) {
      let children: HTMLElement | undefined;
      line.classList.add('expandable');
      line.addEventListener('click', async () => {
        if (children) {
          children.remove();
          children = undefined;
          toggle.textContent = '▸';
          return;
        }
        toggle.textContent = '▾';
        children = this.list(await this.events.expand(v.ref));
        li.append(children);
      });
    }
    return li;
  }
}
