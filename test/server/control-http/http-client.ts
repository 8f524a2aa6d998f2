import { openEventStream, type EventStreamReader } from '../support/event-stream';
import { httpRequest, type HttpRequest, type HttpResponse } from '../support/http-request';

/** `httpRequest` addressed as the control-listener tests think of it: a base URL and a path. */
export function send(baseUrl: string, path: string, init: HttpRequest = {}): Promise<HttpResponse> {
  return httpRequest(new URL(path, baseUrl).href, init);
}

/** `openEventStream` addressed by base URL and path. */
export function openSse(baseUrl: string, path: string, headers: Record<string, string>): Promise<EventStreamReader> {
  return openEventStream(new URL(path, baseUrl).href, headers);
}
