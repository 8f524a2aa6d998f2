import express, { Router } from 'express';

const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Handshake</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Handshake</h1>
<p>The dashboard isn't built: run <code>npm run build:renderer</code>, then reload this page.</p>
<p>The control API under <code>/api</code> works without it.</p>
</body>
</html>
`;

const notFoundPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Not found · Handshake</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Not found</h1>
<p>There is nothing at this address. The dashboard is at <a href="/">/</a>.</p>
</body>
</html>
`;

/**
 * The built renderer (dist/renderer) at `/`. No token is needed for these files: the dashboard reads the token from
 * the URL fragment, which browsers never send. Files are looked up per request, so building while the server runs works.
 */
export function dashboardRoutes(staticDir: string | undefined): Router {
  const router = Router();
  if (staticDir) router.use(express.static(staticDir, { index: 'index.html', dotfiles: 'ignore', redirect: false }));

  // Reached only when static serving found no index.html.
  router.get(['/', '/index.html'], (_req, res) => {
    res.type('html').send(notBuiltPage);
  });
  router.use((_req, res) => {
    res.status(404).type('html').send(notFoundPage);
  });
  return router;
}
