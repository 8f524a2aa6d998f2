import type { Response } from 'express';
import type { NoteLevel, TrafficKind, TrafficNote } from './traffic-entry';

/**
 * What a handler knows about its request that the traffic recorder cannot see from the wire:
 * which flow and user it belongs to, and why it was refused. Handlers write, the recorder reads.
 */
export interface TrafficAnnotations {
  kind?: TrafficKind;
  clientId?: string | null;
  userId?: string | null;
  userEmail?: string | null;
  flowId?: string | null;
  notes: TrafficNote[];
}

export function annotations(res: Response): TrafficAnnotations {
  const locals = res.locals as { traffic?: TrafficAnnotations };
  return (locals.traffic ??= { notes: [] });
}

export function annotate(res: Response, fields: Omit<Partial<TrafficAnnotations>, 'notes'>): void {
  Object.assign(annotations(res), fields);
}

export function addNote(res: Response, level: NoteLevel, code: string, message: string): void {
  annotations(res).notes.push({ level, code, message });
}
