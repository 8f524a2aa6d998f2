/** A JSON-RPC message as MCP sends it (request, notification, result or error), loosely: logs hold whatever came. */
export interface JsonRpcMessage {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: { name?: unknown } & Record<string, unknown>;
  result?: { isError?: unknown; content?: unknown; _meta?: Record<string, unknown> } & Record<string, unknown>;
  error?: { code?: unknown; message?: unknown };
}

/** The JSON-RPC messages of a body: one object, a batch array, or (for an event stream) each event's data. */
export function jsonRpcMessages(parsed: unknown): JsonRpcMessage[] {
  if (parsed === null || typeof parsed !== 'object') return [];
  if (Array.isArray(parsed)) return parsed.filter((item): item is JsonRpcMessage => item !== null && typeof item === 'object');
  const events = (parsed as { events?: unknown }).events;
  if (Array.isArray(events)) return jsonRpcMessages(events.map((event) => (event as { data?: unknown }).data));
  return [parsed as JsonRpcMessage];
}

/** The JSON-RPC messages an MCP request carried: its raw body's, or (without one) what the server's parser made of it. */
export function requestMessages(exchange: { requestBody: { parsed: unknown } | null; serverParsedBody: unknown }): JsonRpcMessage[] {
  return jsonRpcMessages(exchange.requestBody?.parsed ?? exchange.serverParsedBody);
}

/** What a request asks, as the list shows it: "tools/call add_todo", "initialize", or "3 messages: …". */
export function describeRpc(messages: JsonRpcMessage[]): string | null {
  const names = messages
    .filter((message) => typeof message.method === 'string')
    .map((message) => {
      const tool = message.method === 'tools/call' && typeof message.params?.name === 'string' ? ` ${message.params.name}` : '';
      return `${message.method}${tool}`;
    });
  if (names.length === 0) return null;
  return names.length === 1 ? names[0] : `${names.length} messages: ${names.join(', ')}`;
}

export interface SseEvent {
  event?: string;
  id?: string;
  /** The data lines joined, parsed as JSON when they are JSON. */
  data: unknown;
}

/** A text/event-stream body as its events (what an MCP server's SSE answer carried). */
export function parseEventStream(text: string): { events: SseEvent[] } {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    const event: SseEvent = { data: '' };
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
    }
    const joined = data.join('\n');
    try {
      event.data = JSON.parse(joined);
    } catch {
      event.data = joined;
    }
    events.push(event);
  }
  return { events };
}
