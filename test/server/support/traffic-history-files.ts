import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Everything in <dataDir>/traffic/*.ndjson, oldest file first ('' when there is none). */
export async function readTrafficHistory(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'traffic');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.ndjson')).sort();
  let text = '';
  for (const file of files) text += await readFile(join(dir, file), 'utf8');
  return text;
}

/** Waits until the history files (written in background batches) satisfy `ready`; returns their text. */
export async function waitForTrafficHistory(dataDir: string, ready: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readTrafficHistory(dataDir);
    if (ready(text)) return text;
    if (Date.now() > deadline) throw new Error(`traffic history not as expected within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
