import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWindowState, loadWindowState, saveWindowState } from '../../electron/window-state';

const display = { x: 0, y: 0, width: 1920, height: 1080 };
const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'handshake-window-')), 'nested', 'window-state.json');

describe('window state', () => {
  it('remembers size, position and maximized', () => {
    const file = tempFile();
    saveWindowState(file, { x: 100, y: 80, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file, [display])).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
  });

  it('gives the default when the file is missing or damaged', () => {
    const file = tempFile();
    expect(loadWindowState(file, [display])).toEqual(defaultWindowState);
    saveWindowState(file, defaultWindowState);
    writeFileSync(file, '{"width": "huge"');
    expect(loadWindowState(file, [display])).toEqual(defaultWindowState);
    writeFileSync(file, JSON.stringify({ width: 20, height: 10, x: 0, y: 0 }));
    expect(loadWindowState(file, [display])).toEqual(defaultWindowState);
  });

  it('drops a position that is on no display any more', () => {
    const file = tempFile();
    saveWindowState(file, { x: 3000, y: 100, width: 1000, height: 700, maximized: false });
    expect(loadWindowState(file, [display])).toEqual({ width: 1000, height: 700, maximized: false });
    const second = { x: 1920, y: 0, width: 1920, height: 1080 };
    expect(loadWindowState(file, [display, second])).toMatchObject({ x: 3000, y: 100 });
  });
});
