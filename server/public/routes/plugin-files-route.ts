import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import { stringify } from 'yaml';
import { UpstreamSpecError } from '../../gateway/upstream-spec';
import { demoOpenApiDocument } from '../../plugin/demo-openapi';
import { buildManifest, legalPath, logoPath, manifestPath, openApiPath } from '../../plugin/manifest';
import { addNote, annotate } from '../../traffic/annotations';
import type { PublicContext } from '../public-context';
import { html, page } from '../views/html';

function findAsset(name: string): string | null {
  for (const candidate of ['../../../assets/', '../../assets/', '../assets/', './assets/']) {
    const path = fileURLToPath(new URL(candidate + name, import.meta.url));
    if (existsSync(path)) return path;
  }
  const fromCwd = `${process.cwd()}/assets/${name}`;
  return existsSync(fromCwd) ? fromCwd : null;
}

/** A neutral 1×1 PNG, only if the bundled logo cannot be found. */
const fallbackLogo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** What ChatGPT fetches to learn about the plugin: the manifest, the OpenAPI spec, the logo, a legal page. */
export function mountPluginFiles(
  router: Router,
  context: PublicContext,
  loadSpec?: (baseUrl: string) => Promise<{ contentType: string; body: string }>,
): void {
  const logoFile = findAsset('plugin-logo.png');
  const logo = logoFile ? readFileSync(logoFile) : fallbackLogo;

  router.get(manifestPath, (req, res) => {
    annotate(res, { kind: 'manifest' });
    res.setHeader('Cache-Control', 'no-cache');
    res.json(buildManifest(context.store.settings.get(), context.baseUrl(req)));
  });

  router.get([openApiPath, '/openapi.json'], async (req, res) => {
    annotate(res, { kind: 'openapi' });
    const baseUrl = context.baseUrl(req);
    const settings = context.store.settings.get();
    res.setHeader('Cache-Control', 'no-cache');
    if (settings.upstream && loadSpec) {
      try {
        const spec = await loadSpec(baseUrl);
        res.type(spec.contentType).send(spec.body);
      } catch (error) {
        const message =
          error instanceof UpstreamSpecError
            ? error.message
            : `The upstream's OpenAPI spec could not be loaded: ${(error as Error).message}`;
        addNote(res, 'error', 'upstream_spec_unavailable', message);
        res.status(502).json({ error: 'bad_gateway', message });
      }
      return;
    }
    const document = demoOpenApiDocument(settings, baseUrl);
    if (req.path.endsWith('.json')) res.json(document);
    else res.type('application/yaml').send(stringify(document));
  });

  router.get(logoPath, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('png').send(logo);
  });

  router.get(legalPath, (_req, res) => {
    const name = context.store.settings.get().manifest.name_for_human;
    res
      .type('html')
      .send(
        page(
          `${name} — legal`,
          html`<h1>${name}</h1><p>A plugin in development, served by Handshake on the developer's machine. Data entered here stays on that machine.</p>`,
        ),
      );
  });
}
