import { type EventStreamReader, openEventStream } from '../support/event-stream';
import { type HttpRequest, type HttpResponse, httpRequest } from '../support/http-request';

/** `httpRequest` addressed as the control-listener tests think of it: a base URL and a path. */
export function send(baseUrl: string, path: string, init: HttpRequest = {}): Promise<HttpResponse> {
  return httpRequest(new URL(path, baseUrl).href, init);
}

/** `openEventStream` addressed by base URL and path. */
export function openSse(baseUrl: string, path: string, headers: Record<string, string>): Promise<EventStreamReader> {
  return openEventStream(new URL(path, baseUrl).href, headers);
}
