import autocannon, { type Options } from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Answers outside 2xx, plus socket errors and timeouts: a run that has any is reported, not trusted. */
  failures: number;
}

export interface LoadOptions extends Omit<Options, 'url' | 'duration'> {
  seconds: number;
  /** Run once briefly first, so the JIT and caches are warm before measuring. */
  warmupSeconds?: number;
  /** Between warm-up and the measured run (e.g. empty the traffic log). */
  beforeRun?: () => Promise<void>;
}

/** One autocannon run against `url`; the pool behind setupRequest must outlast warmup and run. */
export async function measure(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  const { seconds, warmupSeconds = 1, beforeRun, ...rest } = options;
  const base: Options = { connections: 10, pipelining: 1, timeout: 10, ...rest, url };
  if (warmupSeconds > 0) await autocannon({ ...base, duration: warmupSeconds });
  await beforeRun?.();
  const result = await autocannon({ ...base, duration: seconds });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
