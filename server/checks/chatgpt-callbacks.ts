import { randomBytes, randomUUID } from 'node:crypto';

/** A classic plugin's callback: ChatGPT puts a fresh plugin id in it (shared/reference/chatgpt-oauth.md §1). */
export function chatGptPluginCallback(): string {
  return `https://chat.openai.com/aip/plugin-${randomUUID()}/oauth/callback`;
}

/** A GPT Action's callback: `g-` and 40 hex characters, on chatgpt.com (chatgpt-oauth.md §2). */
export function chatGptActionCallback(): string {
  return `https://chatgpt.com/aip/g-${randomBytes(20).toString('hex')}/oauth/callback`;
}

/** ChatGPT's stable MCP connector callback, used when the server sends `iss` and advertises it (mcp-oauth.md b.1 item 5). */
export const chatGptConnectorRedirect = 'https://chatgpt.com/connector_platform_oauth_redirect';

/** The per-connection MCP callback ChatGPT uses otherwise; its id changes when a connector is recreated. */
export function chatGptConnectorCallback(): string {
  return `https://chatgpt.com/connector/oauth/${randomBytes(9).toString('base64url')}`;
}
