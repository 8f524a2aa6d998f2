import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startControlServer } from '../../server/control/http/control-server';
import { createCore } from '../../server/core/core';

it('status names the open control API and its token, and forgets them once it closes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-control-status-'));
  const core = await createCore({ dataDir, mode: 'desktop', port: 0, log: () => undefined });
  await core.start();
  try {
    expect(await core.control.getStatus()).toMatchObject({ controlUrl: null, controlToken: null });
    const server = await startControlServer({ control: core.control, port: 0, dataDir, log: () => undefined });
    core.setControlUrl(server.url, server.token);
    const status = await (await fetch(`${server.url}/api/status`, { headers: { authorization: `Bearer ${server.token}` } })).json();
    expect(status).toMatchObject({ controlUrl: server.url, controlToken: server.token });
    await server.close();
    core.setControlUrl(null);
    expect(await core.control.getStatus()).toMatchObject({ controlUrl: null, controlToken: null });
  } finally {
    await core.stop();
  }
});
