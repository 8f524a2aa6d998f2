import type { ControlEvent } from '../control/control-api';

/**
 * Reads GET /api/events (Server-Sent Events) with fetch and hands each event to `onEvent`. Resolves once the stream
 * is open, so nothing sent after that is missed; `close` ends it.
 */
export async function openControlEvents(
  controlUrl: string,
  token: string,
  onEvent: (event: ControlEvent) => void,
): Promise<{ close(): void }> {
  const abort = new AbortController();
  const response = await fetch(`${controlUrl}/api/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`GET /api/events answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (data) onEvent(JSON.parse(data) as ControlEvent);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Closed.
    }
  })();
  return { close: () => abort.abort() };
}
