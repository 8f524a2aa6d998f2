import { type Request, type Response, Router } from 'express';
import type { ControlApi, ControlEvent } from '../control-api';
import { type EventStream, type EventStreamOptions, openEventStream } from './sse';

type ToMessage = (event: ControlEvent) => { data: unknown; event?: string } | null;

/**
 * The push side of the ControlApi over Server-Sent Events:
 * - GET /api/events: every ControlEvent as `data: <json>`;
 * - GET /api/traffic/stream: traffic entries only, as `event: traffic` with the entry as data.
 * Mounted before the contract routes so `/traffic/stream` is not taken for a traffic entry id.
 */
export function eventRoutes(control: ControlApi, openStreams: Set<EventStream>, options: EventStreamOptions): Router {
  const router = Router();

  function open(req: Request, res: Response, toMessage: ToMessage) {
    // Opening and subscribing happen in one synchronous step: no event can slip in between.
    let unsubscribe = () => {};
    const stream = openEventStream(req, res, options, () => {
      unsubscribe();
      openStreams.delete(stream);
    });
    openStreams.add(stream);
    unsubscribe = control.subscribe((event) => {
      const message = toMessage(event);
      if (message) stream.send(message.data, message.event);
    });
    if (req.socket.destroyed) stream.close();
  }

  router.get('/events', (req, res) => open(req, res, (event) => ({ data: event })));
  router.get('/traffic/stream', (req, res) =>
    open(req, res, (event) => (event.type === 'traffic' ? { data: event.entry, event: 'traffic' } : null)),
  );

  return router;
}
