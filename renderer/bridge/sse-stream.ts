/**
 * Reads a Server-Sent Events stream with fetch(), because EventSource cannot send an Authorization header.
 * Calls onData with each event's data (multi-line data joined by \n), onOpen once the response is 200.
 * Resolves when the server ends the stream; rejects on HTTP errors or network failure.
 */
export async function readSseStream(
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal; fetch: typeof fetch },
  onOpen: () => void,
  onData: (data: string) => void,
): Promise<void> {
  const response = await init.fetch(url, { headers: { ...init.headers, Accept: 'text/event-stream' }, signal: init.signal });
  if (!response.ok || !response.body) throw new SseHttpError(response.status);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser(onData);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    parser.push(value);
  }
}

export class SseHttpError extends Error {
  constructor(readonly status: number) {
    super(`event stream answered HTTP ${status}`);
  }
}

/** The subset of the SSE wire format a server sends: `data:` lines, comments, blank-line event ends. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  constructor(private readonly onData: (data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onData(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
  }
}
