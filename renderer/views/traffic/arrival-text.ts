import type { TrafficArrival } from '../../../server/traffic/arrival';

const agentName = { chatgpt: 'ChatGPT', codex: 'Codex' } as const;

/** "through the tunnel, from ChatGPT" — how a request reached the public listener, in words. */
export function arrivalText(arrival: TrafficArrival): string {
  if (arrival.replayOf) return 'replayed from this dashboard';
  const via =
    arrival.via === 'tunnel'
      ? 'through the tunnel'
      : arrival.via === 'proxy'
        ? 'through a proxy (X-Forwarded-For or a public Host)'
        : 'from 127.0.0.1 (this machine)';
  return arrival.agent ? `${via}, signed as ${agentName[arrival.agent]}` : via;
}
