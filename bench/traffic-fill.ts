import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrafficEntry } from '../server/traffic/traffic-entry';
import { newTrafficId } from '../server/traffic/traffic-id';

/** Real entries the server just recorded (its NDJSON history), newest last. */
export function recordedEntries(dataDir: string): TrafficEntry[] {
  const dir = join(dataDir, 'traffic');
  const entries: TrafficEntry[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.ndjson'))
    .sort()) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line) entries.push(JSON.parse(line) as TrafficEntry);
    }
  }
  return entries;
}

/**
 * Writes `count` entries into the history, as the server would have after `count` requests: copies of real
 * recorded entries (every kind the samples hold, in their recorded mix), each with its own id and time, oldest
 * first. The history is replaced; the server loads it into its ring at the next start.
 */
export function fillTrafficHistory(
  dataDir: string,
  samples: TrafficEntry[],
  count: number,
  linesPerFile = 25_000,
): { bytes: number; kinds: Record<string, number> } {
  if (samples.length === 0) throw new Error('no recorded traffic to copy');
  const dir = join(dataDir, 'traffic');
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.ndjson')) writeFileSync(join(dir, name), '');
  const start = Date.now() - count * 50;
  const kinds: Record<string, number> = {};
  let bytes = 0;
  let file = 1;
  let lines: string[] = [];
  const writeFile = () => {
    const text = lines.join('\n') + '\n';
    writeFileSync(join(dir, `traffic-${String(file).padStart(6, '0')}.ndjson`), text, { mode: 0o600 });
    bytes += Buffer.byteLength(text);
    file++;
    lines = [];
  };
  for (let index = 0; index < count; index++) {
    const sample = samples[index % samples.length];
    const time = start + index * 50;
    const entry: TrafficEntry = { ...sample, id: newTrafficId(time), time: new Date(time).toISOString() };
    kinds[entry.kind] = (kinds[entry.kind] ?? 0) + 1;
    lines.push(JSON.stringify(entry));
    if (lines.length === linesPerFile) writeFile();
  }
  if (lines.length) writeFile();
  return { bytes, kinds };
}
