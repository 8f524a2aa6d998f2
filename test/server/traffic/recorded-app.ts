import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request } from 'express';
import { defaultSettings, type Settings } from '../../../server/settings/settings';
import { fixedClientSecret } from '../../../server/traffic/secret-fingerprint';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { TrafficLog, type TrafficLogOptions } from '../../../server/traffic/traffic-log';
import { createTrafficRecorder, type TrafficRecorder, type TrafficRecorderOptions } from '../../../server/traffic/traffic-recorder';

/** A small Express app on port 0 with the recorder mounted first and body parsers that keep req.rawBody, as the core does. */
export interface RecordedApp {
  url: string;
  log: TrafficLog;
  recorder: TrafficRecorder;
  settings: Settings;
  clientSecret: { value: string };
  /** The next entry matching `predicate` (already logged or yet to come). */
  entry(predicate?: (entry: TrafficEntry) => boolean, timeoutMs?: number): Promise<TrafficEntry>;
  close(): Promise<void>;
}

export const configuredSecret = 'cs_live_5ecretVALUE_9f8e7d6c5b4a';

function keepRawBody(req: Request, _res: unknown, buffer: Buffer): void {
  (req as Request & { rawBody?: Buffer }).rawBody = buffer;
}

export async function startRecordedApp(
  routes: (app: Express) => void,
  options: {
    settings?: Partial<Settings>;
    log?: Partial<TrafficLogOptions>;
    recorder?: Partial<TrafficRecorderOptions>;
  } = {},
): Promise<RecordedApp> {
  const settings: Settings = { ...defaultSettings, ...options.settings };
  const clientSecret = { value: configuredSecret };
  const log = new TrafficLog({ dataDir: null, ...options.log });
  const recorder = createTrafficRecorder({
    log,
    getSettings: () => settings,
    secrets: {
      get classicSecret() {
        return clientSecret.value;
      },
      verdict: (id, readings) => fixedClientSecret(clientSecret.value).verdict(id, readings),
    },
    ...options.recorder,
  });
  const app = express();
  app.use(recorder);
  app.use(express.json({ verify: keepRawBody }));
  app.use(express.urlencoded({ extended: false, verify: keepRawBody }));
  routes(app);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    recorder,
    settings,
    clientSecret,
    entry: (predicate = () => true, timeoutMs = 3000) => nextEntry(log, predicate, timeoutMs),
    close: async () => {
      recorder.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await log.close();
    },
  };
}

export function nextEntry(log: TrafficLog, predicate: (entry: TrafficEntry) => boolean, timeoutMs: number): Promise<TrafficEntry> {
  const existing = log.entries().find(predicate);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching traffic entry within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = log.subscribe((event) => {
      if (event.type === 'traffic' && predicate(event.entry)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(event.entry);
      }
    });
  });
}
