import { chatgpt } from './chatgpt';
import { claude } from './claude';
import { claudeCode } from './claude-code';
import { codex } from './codex';
import { cursor } from './cursor';
import { goose } from './goose';
import type { HostProfile, McpHostId, PinnedDocument } from './host-profile';
import { inspector } from './inspector';
import { vscode } from './vscode';

/** Every host Handshake knows, in the order Setup lists them. */
export const hostProfiles: readonly HostProfile[] = [chatgpt, codex, claude, claudeCode, cursor, vscode, inspector, goose];

const byId = new Map<string, HostProfile>(hostProfiles.map((profile) => [profile.id, profile]));

export function hostProfile(id: McpHostId): HostProfile {
  return byId.get(id)!;
}

export function isMcpHostId(value: unknown): value is McpHostId {
  return typeof value === 'string' && byId.has(value);
}

/** The shipped copy of a known host's metadata document for `clientId`, with its per-connection id filled in. */
export function pinnedDocument(clientId: string): { host: HostProfile; document: Record<string, unknown>; copiedOn: string } | null {
  for (const host of hostProfiles) {
    for (const pinned of host.pinnedDocuments) {
      const match = pinned.url.exec(clientId);
      if (match) return { host, document: fill(pinned, match[1]), copiedOn: pinned.copiedOn };
    }
  }
  return null;
}

function fill(pinned: PinnedDocument, id: string | undefined): Record<string, unknown> {
  if (id === undefined) return structuredClone(pinned.document);
  return JSON.parse(JSON.stringify(pinned.document).replaceAll('{id}', id));
}
