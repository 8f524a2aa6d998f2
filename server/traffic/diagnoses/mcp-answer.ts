import { type JsonRpcMessage, jsonRpcMessages, requestMessages } from '../mcp/json-rpc-messages';
import type { TrafficNote } from '../traffic-entry';
import { single, type WireExchange } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

/** Methods a host sends right after connecting: their failure leaves ChatGPT with "No actions available". */
const connectMethods = new Set(['initialize', 'notifications/initialized', 'tools/list']);

function requestMethods(exchange: WireExchange): string[] {
  return requestMessages(exchange).flatMap((message) => (typeof message.method === 'string' ? [message.method] : []));
}

function toolName(exchange: WireExchange): string {
  const call = requestMessages(exchange).find((message) => message.method === 'tools/call');
  return typeof call?.params?.name === 'string' ? call.params.name : '(unknown tool)';
}

function errorText(message: JsonRpcMessage): string {
  return `JSON-RPC error ${String(message.error?.code ?? '?')}: ${String(message.error?.message ?? '(no message)')}`;
}

function firstText(message: JsonRpcMessage): string {
  const content = message.result?.content;
  const text = Array.isArray(content) ? content.find((part) => (part as { type?: unknown }).type === 'text') : undefined;
  return typeof (text as { text?: unknown } | undefined)?.text === 'string' ? (text as { text: string }).text.slice(0, 200) : '(no text)';
}

/**
 * What an MCP answer says went wrong: a JSON-RPC error, a tool result with isError (and a per-tool auth challenge that
 * ChatGPT cannot use), a session the server no longer knows, or a failure right after connecting.
 */
export const mcpAnswer: Diagnosis = (exchange) => {
  if (exchange.kind !== 'mcp' || exchange.status === 401) return null;
  if (exchange.method === 'GET' && exchange.status === 405) {
    return note(
      'info',
      'mcp_no_event_stream',
      'The MCP server offers no server-initiated event stream (405 to GET), as the spec allows; clients go on without it.',
    );
  }
  const answers = jsonRpcMessages(exchange.responseBody?.parsed);
  const methods = requestMethods(exchange);
  const connecting = methods.some((method) => connectMethods.has(method));
  const failed = answers.find((message) => message.error !== undefined && message.error !== null);
  if (exchange.status >= 400 || failed) {
    const what = failed ? errorText(failed) : `HTTP ${exchange.status}`;
    if (connecting) {
      return note(
        'error',
        'mcp_connect_failed',
        `Signed in, but the MCP server refused ${methods.join(', ')} (${what}). ChatGPT will say "No actions available": the OAuth part worked, the MCP part did not.`,
      );
    }
    if (single(exchange.requestHeaders['mcp-session-id']) && (exchange.status === 404 || exchange.status === 400)) {
      return note(
        'error',
        'mcp_session_refused',
        `The MCP server does not accept session ${single(exchange.requestHeaders['mcp-session-id'])} (HTTP ${exchange.status}); it was restarted or ended the session. The client must initialize again.`,
      );
    }
    if (failed) return note('error', 'mcp_jsonrpc_error', `The MCP server answered ${what}.`);
    return null;
  }
  const toolError = answers.find((message) => message.result?.isError === true);
  if (!toolError) return null;
  const challenge = toolError.result?._meta?.['mcp/www_authenticate'];
  if (challenge !== undefined) {
    const text = Array.isArray(challenge) ? challenge.join(', ') : String(challenge);
    if (!/\berror=/.test(text) || !/\berror_description=/.test(text)) {
      return note(
        'error',
        'mcp_tool_challenge_incomplete',
        `Tool ${toolName(exchange)} returned an auth challenge in _meta["mcp/www_authenticate"] without error and error_description (${text.slice(0, 200)}); ChatGPT shows its sign-in prompt only when the challenge has both.`,
      );
    }
    return note('warn', 'mcp_tool_needs_auth', `Tool ${toolName(exchange)} asks the user to sign in again (${text.slice(0, 200)}).`);
  }
  return note('error', 'mcp_tool_error', `Tool ${toolName(exchange)} returned an error: ${firstText(toolError)}`);
};

function note(level: TrafficNote['level'], code: string, message: string): TrafficNote {
  return { level, code, message };
}
