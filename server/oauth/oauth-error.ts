import type { Response } from 'express';
import { addNote } from '../traffic/annotations';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable';

/** Why a request was refused, in plain words, for the traffic log. */
export interface Diagnosis {
  code: string;
  message: string;
}

/** An RFC 6749 §5.2 error that renders itself, carrying a diagnosis for the traffic log. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly diagnosis?: Diagnosis,
    readonly status: number = error === 'invalid_client' ? 401 : error === 'server_error' ? 500 : error === 'temporarily_unavailable' ? 503 : 400,
  ) {
    super(description);
  }

  toResponseObject(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string, diagnosis?: Diagnosis) {
    super('invalid_request', description, diagnosis);
  }
}

export class InvalidClient extends OAuthError {
  constructor(
    description: string,
    diagnosis: Diagnosis,
    /** The client tried HTTP Basic: the answer must carry WWW-Authenticate (RFC 6749 §5.2). */
    readonly viaBasic: boolean,
  ) {
    super('invalid_client', description, diagnosis);
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string, diagnosis: Diagnosis) {
    super('invalid_grant', description, diagnosis);
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
  if (error.diagnosis) addNote(res, 'error', error.diagnosis.code, error.diagnosis.message);
  if (error instanceof InvalidClient && error.viaBasic) res.setHeader('WWW-Authenticate', 'Basic realm="Handshake"');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.status(error.status).json(error.toResponseObject());
}
