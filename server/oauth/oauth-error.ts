import type { Response } from 'express';
import { addNote } from '../traffic/annotations';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'server_error'
  | 'temporarily_unavailable';

/** Why a request was refused, in plain words, for the traffic log (not to be confused with the traffic layer's diagnoses). */
export interface RefusalNote {
  code: string;
  message: string;
}

/** An RFC 6749 §5.2 error that renders itself, carrying a note for the traffic log. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly note?: RefusalNote,
    readonly status: number = error === 'invalid_client'
      ? 401
      : error === 'server_error'
        ? 500
        : error === 'temporarily_unavailable'
          ? 503
          : 400,
  ) {
    super(description);
  }

  toResponseObject(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string, note?: RefusalNote) {
    super('invalid_request', description, note);
  }
}

export class InvalidClient extends OAuthError {
  /** True when the client tried HTTP Basic: the answer must carry WWW-Authenticate (RFC 6749 §5.2). */
  readonly viaBasic: boolean;

  constructor(description: string, note: RefusalNote, options: { viaBasic: boolean }) {
    super('invalid_client', description, note);
    this.viaBasic = options.viaBasic;
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string, note: RefusalNote) {
    super('invalid_grant', description, note);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string, note: RefusalNote) {
    super('invalid_scope', description, note);
  }
}

/** RFC 8707 §2: the resource is unknown, or not one the grant was given for. */
export class InvalidTarget extends OAuthError {
  constructor(description: string, note: RefusalNote) {
    super('invalid_target', description, note);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(grantType: string) {
    super('unsupported_grant_type', `grant_type "${grantType}" is not supported; use authorization_code or refresh_token`, {
      code: 'unsupported_grant_type',
      message: `The request asked for grant_type "${grantType}". Handshake (like ChatGPT) uses authorization_code and refresh_token.`,
    });
  }
}

export function sendOAuthError(res: Response, error: OAuthError): void {
  if (error.note) addNote(res, 'error', error.note.code, error.note.message);
  if (error instanceof InvalidClient && error.viaBasic) res.setHeader('WWW-Authenticate', 'Basic realm="Handshake"');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.status(error.status).json(error.toResponseObject());
}
