import { tokenShapes } from '.';
import type { TokenShapeId } from './shape-ids';
import type { VerifierConfig } from './token-shape';
import { joseVerifierSnippet } from './verifier-snippet';

/** A "Mint tokens like" choice, with the verifier configuration it needs at this Handshake's public URL. */
export interface TokenShapeView {
  id: TokenShapeId;
  label: string;
  /** The provider's page on its access tokens. */
  docs: string;
  notes: string[];
  verifier: VerifierConfig;
  /** The same as jose code. */
  snippet: string;
}

/** Every shape, as Settings shows it for a Handshake at `base` whose MCP server is `resource`. */
export function tokenShapeViews(base: string, resource: string, clientId: string): TokenShapeView[] {
  return Object.entries(tokenShapes).map(([id, shape]) => {
    const verifier = shape.verifier(base, resource, clientId);
    return {
      id: id as TokenShapeId,
      label: shape.label,
      docs: shape.docs,
      notes: shape.notes,
      verifier,
      snippet: joseVerifierSnippet(verifier),
    };
  });
}
