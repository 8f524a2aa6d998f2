import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const defaultWindowState: WindowState = { width: 1280, height: 820, maximized: false };
const minimum = { width: 640, height: 420 };

/**
 * The window's last size and position (a small JSON file in userData). A missing or damaged file gives the
 * default; a position that no longer lies on any display (monitor unplugged) is dropped so the OS centres it.
 */
export function loadWindowState(file: string, displays: Area[]): WindowState {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...defaultWindowState };
  }
  if (!saved || typeof saved !== 'object') return { ...defaultWindowState };
  const s = saved as Record<string, unknown>;
  const int = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);
  const width = int(s.width);
  const height = int(s.height);
  if (width === undefined || height === undefined || width < minimum.width || height < minimum.height) {
    return { ...defaultWindowState };
  }
  const state: WindowState = { width: Math.min(width, 10_000), height: Math.min(height, 10_000), maximized: s.maximized === true };
  const x = int(s.x);
  const y = int(s.y);
  if (x !== undefined && y !== undefined && displays.some((d) => overlapsEnough({ x, y, width, height }, d))) {
    state.x = x;
    state.y = y;
  }
  return state;
}

/** At least the title bar's first 100×40 px must be on the display, so the user can grab the window. */
function overlapsEnough(window: Area, display: Area): boolean {
  const left = Math.max(window.x, display.x);
  const right = Math.min(window.x + window.width, display.x + display.width);
  const top = Math.max(window.y, display.y);
  const bottom = Math.min(window.y + 40, display.y + display.height);
  return right - left >= 100 && bottom - top >= 40;
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(state));
  } catch (error) {
    console.error('could not remember the window position:', error);
  }
}
