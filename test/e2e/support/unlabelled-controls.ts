import type { Page } from 'playwright-core';

const control = /^\s*- (button|textbox|combobox|checkbox|radio|searchbox|spinbutton|slider|switch|tab|option|link)\b(.*)$/;

/** Controls in the page's accessibility tree that have no accessible name (a `- button` line without a quoted name). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree.split('\n').filter((line) => {
    const match = control.exec(line);
    return match !== null && !/^\s*"/.test(match[2]);
  });
}
