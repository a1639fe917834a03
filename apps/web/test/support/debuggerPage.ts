/**
 * The web debugger as a user drives it: what they click and what they read, by the page's ids.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export class DebuggerPage {
  constructor(readonly page: Page) {}

  async openExample(id: string): Promise<void> {
    await this.page.click(`[data-example="${id}"]`);
    await this.waitStatus(/^Ready$/);
  }

  /** Clicks the breakpoint gutter beside line `line` of the source shown (right: its menu). */
  async clickGutter(line: number, button: 'left' | 'right' = 'left'): Promise<void> {
    const lineNumber = this.page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${line}$`) });
    // CodeMirror draws only the lines near what its scroller shows, and clips the rest: scroll the
    // line into the scroller's box first.
    const shown = (l: number): boolean => {
      const scroller = document.querySelector('.cm-scroller')!.getBoundingClientRect();
      const number = [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')].find((e) => e.textContent === String(l));
      const box = number?.getBoundingClientRect();
      return box !== undefined && box.top >= scroller.top && box.bottom <= scroller.bottom;
    };
    if (!(await this.page.evaluate(shown, line))) {
      await this.page.evaluate((l) => {
        const lineHeight = document.querySelector('.cm-line')!.getBoundingClientRect().height;
        document.querySelector('.cm-scroller')!.scrollTop = Math.max(0, (l - 5) * lineHeight);
      }, line);
      await this.page.waitForFunction(shown, line);
    }
    const numberBox = await lineNumber.boundingBox();
    const gutterBox = await this.page.locator('.cm-breakpoint-gutter').boundingBox();
    if (!numberBox || !gutterBox) throw new Error(`line ${line} or the breakpoint gutter is not visible`);
    await this.page.mouse.click(gutterBox.x + gutterBox.width / 2, numberBox.y + numberBox.height / 2, { button });
  }

  async status(): Promise<string> {
    return (await this.page.textContent('#status')) ?? '';
  }

  async waitStatus(pattern: RegExp): Promise<string> {
    await this.page.waitForFunction((source) => new RegExp(source).test(document.querySelector('#status')?.textContent ?? ''), pattern.source, { timeout: 120_000 });
    return this.status();
  }

  async currentLineText(): Promise<string> {
    return (await this.page.textContent('.cm-current-stop')) ?? '';
  }

  async frames(): Promise<string[]> {
    return this.page.locator('#call-stack .frame .frame-name').allTextContents();
  }

  /** The value shown for `name` (the first row of that name under `within`). */
  async variable(name: string, within = '#variables'): Promise<string> {
    return (await this.page.locator(`${within} .var[data-name="${name}"] .var-value`).first().textContent()) ?? '';
  }

  async expand(name: string): Promise<void> {
    const row = this.page.locator(`#variables .var[data-name="${name}"]`).first();
    await row.locator('.var-name').click();
    await row.locator('xpath=..').locator('ul.vars').first().waitFor();
  }

  async output(): Promise<string> {
    return (await this.page.textContent('#output-text')) ?? '';
  }

  async waitOutput(text: string): Promise<string> {
    await this.page.waitForFunction((t) => (document.querySelector('#output-text')?.textContent ?? '').includes(t), text, { timeout: 120_000 });
    return this.output();
  }

  async expectNoErrors(errors: readonly string[]): Promise<void> {
    expect(errors).toEqual([]);
  }
}
