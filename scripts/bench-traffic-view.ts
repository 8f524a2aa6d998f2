#!/usr/bin/env tsx
/**
 * npm run bench:ui — renders the Traffic view in Chromium with 100 (baseline), 10,000 and 100,000 entries and
 * prints time to first render and time to filter, each also as a ratio to the baseline from the same run.
 * The dashboard is the built dist/renderer, served from a throwaway static server; the data comes from a fake
 * preload API (window.handshake), so the numbers measure the UI, not the network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { serveBuiltDashboard } from '../test/e2e/support/static-dashboard';

const sizes = [100, 10_000, 100_000];
const runs = Number(process.env.BENCH_RUNS ?? 3);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = join('dist', 'renderer');

if (!existsSync(executablePath)) {
  console.log(`bench:ui skipped: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  process.exit(0);
}
if (!existsSync(join(root, 'index.html'))) {
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) process.exit(1);
}

const fake = await build({
  entryPoints: ['scripts/bench-traffic-view.browser.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  write: false,
  minify: true,
  logLevel: 'error',
});
const fakeScript = fake.outputFiles[0].text;

const site = await serveBuiltDashboard({});
const origin = site.origin;

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

interface Sample {
  load: number;
  firstRender: number;
  filter: number;
}

async function measure(entries: number): Promise<Sample> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // tsx compiles the evaluate callback below with esbuild's keepNames, which calls a __name helper.
  await page.addInitScript({ content: 'window.__name = (fn) => fn;' });
  await page.addInitScript({ content: fakeScript });
  const started = Date.now();
  await page.goto(`${origin}/?entries=${entries}`);
  await page
    .getByRole('button', { name: `Traffic` })
    .filter({ has: page.locator('.nav-count') })
    .waitFor();
  const load = Date.now() - started;

  // Both timings are taken inside the page: from the user's action to the frame that shows the result.
  const timings = await page.evaluate(async (total) => {
    const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const until = async (done: () => boolean) => {
      const deadline = performance.now() + 30_000;
      while (!done()) {
        if (performance.now() > deadline) throw new Error(`timed out; the toolbar says "${countText()}"`);
        await nextFrame();
      }
    };
    const countText = () => document.querySelector('.toolbar .count')?.textContent ?? '';
    const t0 = performance.now();
    [...document.querySelectorAll<HTMLButtonElement>('.nav-item')].find((b) => b.textContent?.startsWith('Traffic'))!.click();
    await until(() => document.querySelectorAll('[role=option]').length > 0 && countText() === `${total} request${total === 1 ? '' : 's'}`);
    await nextFrame();
    const firstRender = performance.now() - t0;

    const search = document.querySelector<HTMLInputElement>('input[type=search]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const t1 = performance.now();
    setValue.call(search, 'mismatch');
    search.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => / of /.test(countText()));
    await nextFrame();
    const filter = performance.now() - t1;
    return { firstRender, filter };
  }, entries);
  if (errors.length) throw new Error(`page errors with ${entries} entries: ${errors.join('; ')}`);
  await page.close();
  return { load, ...timings };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const results = new Map<number, Sample>();
  for (const size of sizes) {
    const samples: Sample[] = [];
    for (let run = 0; run < runs; run++) samples.push(await measure(size));
    results.set(size, {
      load: median(samples.map((s) => s.load)),
      firstRender: median(samples.map((s) => s.firstRender)),
      filter: median(samples.map((s) => s.filter)),
    });
  }
  const base = results.get(sizes[0])!;
  const cell = (value: number, baseline: number) =>
    `${value.toFixed(1).padStart(8)} ms ${`(×${(value / baseline).toFixed(1)})`.padStart(9)}`;
  console.log(`Traffic view in Chromium, median of ${runs} runs; ratios are to the ${sizes[0]}-entry baseline of this run.`);
  console.log(`${'entries'.padStart(8)}  ${'page load'.padEnd(20)}  ${'first render'.padEnd(20)}  ${'filter'.padEnd(20)}`);
  for (const [size, sample] of results) {
    console.log(
      `${String(size).padStart(8)}  ${cell(sample.load, base.load)}  ${cell(sample.firstRender, base.firstRender)}  ${cell(sample.filter, base.filter)}`,
    );
  }
} finally {
  await browser.close();
  await site.close();
}
