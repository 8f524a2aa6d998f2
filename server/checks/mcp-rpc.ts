import type { CheckResponse } from './check-http';
import type { StepContext } from './check-session';

export interface RpcAnswer {
  response: CheckResponse;
  /** The JSON-RPC response with the request's id, from a JSON body or an event stream. */
  message: { result?: any; error?: { code: number; message: string } } | null;
}

/** The JSON-RPC messages of an answer: a JSON body (one or a batch), or the data of each event of an event stream. */
export function rpcMessages(response: CheckResponse): any[] {
  if (/text\/event-stream/i.test(response.contentType)) {
    const messages: unknown[] = [];
    for (const event of response.text.split(/\r?\n\r?\n/)) {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      try {
        messages.push(JSON.parse(data));
      } catch {
        // Not JSON: not a JSON-RPC message.
      }
    }
    return messages;
  }
  if (response.json === undefined) return [];
  return Array.isArray(response.json) ? response.json : [response.json];
}

/** MCP over Streamable HTTP as ChatGPT speaks it: POST one JSON-RPC message, accept JSON or an event stream. */
export class McpRpc {
  private nextId = 1;
  sessionId: string | null = null;
  protocolVersion: string | null = null;

  constructor(readonly url: string) {}

  private headers(accessToken: string | null): Record<string, string> {
    return {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
      ...(this.sessionId ? { 'Mcp-Session-Id': this.sessionId } : {}),
      ...(this.protocolVersion ? { 'MCP-Protocol-Version': this.protocolVersion } : {}),
    };
  }

  async call(step: StepContext, accessToken: string | null, method: string, params: Record<string, unknown> = {}): Promise<RpcAnswer> {
    const id = this.nextId++;
    const response = await step.send(this.url, {
      method: 'POST',
      headers: this.headers(accessToken),
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      timeoutMs: 45_000,
    });
    const session = response.headers.get('mcp-session-id');
    if (session) this.sessionId = session;
    const message = rpcMessages(response).find((candidate) => candidate?.id === id) ?? null;
    return { response, message };
  }

  async notify(step: StepContext, accessToken: string, method: string): Promise<CheckResponse> {
    return step.send(this.url, {
      method: 'POST',
      headers: this.headers(accessToken),
      body: JSON.stringify({ jsonrpc: '2.0', method }),
      timeoutMs: 45_000,
    });
  }
}
