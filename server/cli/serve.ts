#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigFileError } from '../config/config-file';
import { startControlServer } from '../control/http/control-server';
import { createCore } from '../core/core';
import { PortInUseError } from '../core/core-types';
import { parseServeArguments, UsageError } from './serve-arguments';

/** `npm run serve`: the core and its dashboard, headless. One clear line and a non-zero exit on bad input. */
async function main(): Promise<void> {
  const args = parseServeArguments(process.argv.slice(2));
  const core = await createCore({
    dataDir: args.dataDir,
    mode: 'headless',
    port: args.port,
    publicUrl: args.publicUrl,
    configFile: args.configFile,
  });
  try {
    await core.start();
  } catch (error) {
    await core.stop();
    throw error;
  }
  // From the repository (cwd), from source (server/cli/) or from the bundle (dist/server/).
  const staticDir = [
    resolve(process.cwd(), 'dist/renderer'),
    ...['../../dist/renderer', '../renderer'].map((relative) => fileURLToPath(new URL(relative, import.meta.url))),
  ].find((dir) => existsSync(dir));
  let control: Awaited<ReturnType<typeof startControlServer>>;
  try {
    control = await startControlServer({ control: core.control, port: args.controlPort, dataDir: args.dataDir, staticDir });
  } catch (error) {
    await core.stop();
    throw error instanceof PortInUseError
      ? new UsageError(`control port ${args.controlPort} is already in use; pick another with --control-port`)
      : error;
  }
  core.setControlUrl(control.url, control.token);

  const status = await core.control.getStatus();
  console.log(`Handshake ${status.version} is running (data: ${args.dataDir})`);
  console.log(`Local:     ${status.localUrl}`);
  console.log(`Manifest:  ${status.manifestUrl}`);
  console.log(`Dashboard: ${control.dashboardUrl}`);
  if (!status.publicUrl)
    console.log('ChatGPT needs a public https URL: start the tunnel (--tunnel or the dashboard) or pass --public-url.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    await control.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (args.tunnel) {
    const tunnel = await core.control.startTunnel({});
    if (tunnel.state === 'online') console.log(`Tunnel:    ${tunnel.url} — paste ${new URL(tunnel.url!).host} into ChatGPT`);
    else console.log(`Tunnel:    ${tunnel.error ? `${tunnel.error.message} ${tunnel.error.advice}` : tunnel.state}`);
  }
}

main().catch((error: unknown) => {
  const known = error instanceof UsageError || error instanceof ConfigFileError || error instanceof PortInUseError;
  const message =
    error instanceof PortInUseError
      ? `port ${error.port} is already in use; pick another with --port`
      : ((error as Error)?.message ?? String(error));
  console.error(`handshake: ${known ? message : `failed to start: ${message}`}`);
  process.exit(known ? 2 : 1);
});
