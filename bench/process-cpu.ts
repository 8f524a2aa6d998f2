import { readFileSync } from 'node:fs';

const ticksPerSecond = 100;

/**
 * CPU time a process (all its threads) has used so far, in ms, from /proc/<pid>/stat; null where /proc is missing.
 * Divided by the requests served it gives CPU per request, which other work on the machine barely moves —
 * unlike requests per second.
 */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (the 14th and 15th of the whole line).
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return null;
  }
}
