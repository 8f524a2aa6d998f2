import { randomBytes, randomUUID } from 'node:crypto';
import { hostProfile } from '../hosts/host-profiles';

/** A classic plugin's callback: ChatGPT puts a fresh plugin id in it (shared/reference/chatgpt-oauth.md §1). */
export function chatGptPluginCallback(): string {
  return `https://chat.openai.com/aip/plugin-${randomUUID()}/oauth/callback`;
}

/** A GPT Action's callback: `g-` and 40 hex characters, on chatgpt.com (chatgpt-oauth.md §2). */
export function chatGptActionCallback(): string {
  return `https://chatgpt.com/aip/g-${randomBytes(20).toString('hex')}/oauth/callback`;
}

/** ChatGPT's stable MCP connector callback, used when the server sends `iss` and advertises it (its host profile). */
export const chatGptConnectorRedirect = hostProfile('chatgpt').connect.redirectUri;

/** The per-connection MCP callback ChatGPT uses otherwise; its id changes when a connector is recreated. */
export function chatGptConnectorCallback(): string {
  return hostProfile('chatgpt').connect.withoutIss!.redirectUri.replace('{id}', randomBytes(9).toString('base64url'));
}
