import type { Response } from 'express';
import { jwksMaxAgeSeconds } from '../../oauth/keys/key-store';
import { addNote, annotate } from '../../traffic/annotations';
import type { PublicContext } from '../public-context';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The JWKS answer, wherever it is served (Handshake's own path, or a provider shape's): every published key — unless
 * fault injection has the JWKS down (503) or slow for a while, which the entry's note says.
 */
export async function sendJwks(context: PublicContext, res: Response): Promise<void> {
  annotate(res, { kind: 'discovery' });
  const outage = context.faults.auth.jwksOutage();
  if (outage?.mode === 'unavailable') {
    const secondsLeft = Math.max(1, Math.ceil((Date.parse(outage.until) - Date.now()) / 1000));
    addNote(res, 'info', 'fault_injected', `Injected JWKS outage: it answers 503 until ${outage.until} (${secondsLeft} s more).`);
    res.setHeader('Retry-After', String(secondsLeft));
    res.setHeader('Cache-Control', 'no-store');
    res.status(503).json({ error: 'temporarily_unavailable', error_description: 'the JWKS is unavailable (Handshake fault injection)' });
    return;
  }
  if (outage?.mode === 'slow') {
    addNote(res, 'info', 'fault_injected', `Injected slow JWKS: this answer waited ${outage.delayMs} ms (until ${outage.until}).`);
    await delay(outage.delayMs ?? 0);
  }
  context.faults.auth.announceRotation(res, 'jwks');
  res.setHeader('Cache-Control', `public, max-age=${jwksMaxAgeSeconds}`);
  res.type('application/jwk-set+json').send(JSON.stringify(context.keys.jwks()));
}
