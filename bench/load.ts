import autocannon, { type Options } from 'autocannon';
import { processCpuMs } from './process-cpu';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Answers outside 2xx, plus socket errors and timeouts: a run that has any is reported, not trusted. */
  failures: number;
  /** CPU the server process spent per request (all its threads), in µs; null when its pid is not known. */
  cpuMicrosPerRequest: number | null;
}

export interface LoadOptions extends Omit<Options, 'url' | 'duration'> {
  seconds: number;
  /** Run once briefly first, so the JIT and caches are warm before measuring. */
  warmupSeconds?: number;
  /** Between warm-up and the measured run (e.g. empty the traffic log). */
  beforeRun?: () => Promise<void>;
  /**
   * Send a fixed number of requests (a probe's rate × seconds) instead of stopping on the clock, so no request is
   * cut off in flight: needed where each request spends a single-use token.
   */
  countBased?: boolean;
  /** Called after every autocannon run (e.g. to reclaim unsent tokens). */
  afterEach?: () => void;
  /** The server's process id, to measure its CPU time per request. */
  serverPid?: number;
}

const probeRequests = 300;

/** One autocannon run against `url`; the pool behind setupRequest must outlast warmup and run. */
export async function measure(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  const { seconds, warmupSeconds = 1, beforeRun, countBased = false, afterEach, serverPid, ...rest } = options;
  // autocannon reports whole seconds, and with `amount` it only notices it is done on its next one-second tick:
  // requests per second come from our own clock, up to the last answer.
  let lastAnswerAt = 0;
  const requests = rest.requests?.map((request) => ({
    ...request,
    onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => {
      lastAnswerAt = performance.now();
      request.onResponse?.(status, body, context, headers);
    },
  }));
  const base: Options = { connections: 10, pipelining: 1, timeout: 10, ...rest, ...(requests ? { requests } : {}), url };
  const run = async (limit: Pick<Options, 'duration' | 'amount'>) => {
    const started = performance.now();
    lastAnswerAt = 0;
    const result = await autocannon({ ...base, ...limit });
    const end = limit.amount && lastAnswerAt > started ? lastAnswerAt : performance.now();
    afterEach?.();
    return { result, perSecond: result.requests.total / Math.max((end - started) / 1000, 0.001) };
  };
  let amount: number | undefined;
  if (countBased) {
    const probe = await run({ amount: probeRequests });
    amount = Math.max(probeRequests, Math.round(probe.perSecond * seconds));
  }
  if (warmupSeconds > 0) await run(amount ? { amount: Math.round(amount * (warmupSeconds / seconds)) } : { duration: warmupSeconds });
  await beforeRun?.();
  const cpuBefore = serverPid === undefined ? null : processCpuMs(serverPid);
  const { result, perSecond } = await run(amount ? { amount } : { duration: seconds });
  const cpuAfter = serverPid === undefined ? null : processCpuMs(serverPid);
  return {
    name,
    requestsPerSecond: perSecond,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuMicrosPerRequest:
      cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total : null,
  };
}

const middle = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** Several rounds of one run, reduced to their medians: other work on the machine moves single runs around. */
export function medianOf(rounds: LoadResult[]): LoadResult {
  return {
    name: rounds[0].name,
    requestsPerSecond: middle(rounds.map((r) => r.requestsPerSecond)),
    p50Ms: middle(rounds.map((r) => r.p50Ms)),
    p99Ms: middle(rounds.map((r) => r.p99Ms)),
    total: rounds.reduce((sum, r) => sum + r.total, 0),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    cpuMicrosPerRequest: rounds.every((r) => r.cpuMicrosPerRequest !== null) ? middle(rounds.map((r) => r.cpuMicrosPerRequest!)) : null,
  };
}
