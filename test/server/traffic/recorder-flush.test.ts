import express from 'express';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../server/settings/settings';
import { fixedClientSecret } from '../../../server/traffic/secret-fingerprint';
import { TrafficLog } from '../../../server/traffic/traffic-log';
import { createTrafficRecorder } from '../../../server/traffic/traffic-recorder';

describe('traffic recorder flush', () => {
  it('builds the entries of finished requests at once, before the deferred batch would run', async () => {
    const log = new TrafficLog({ dataDir: null });
    const recorder = createTrafficRecorder({
      log,
      getSettings: () => defaultSettings,
      secrets: fixedClientSecret('secret-0123456789abcdef'),
    });
    const sizes: { beforeFlush: number; afterFlush: number }[] = [];
    const app = express();
    app.use(recorder);
    app.get('/', (_req, res) => {
      // Registered after the recorder's own 'close' listener: the request is finished but not yet built.
      res.on('close', () => {
        const beforeFlush = log.size;
        void recorder.flush();
        sizes.push({ beforeFlush, afterFlush: log.size });
      });
      res.send('ok');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      await (await fetch(`http://127.0.0.1:${port}/`)).text();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sizes).toEqual([{ beforeFlush: 0, afterFlush: 1 }]);
    } finally {
      recorder.close();
      server.close();
    }
  });
});
