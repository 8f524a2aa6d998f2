import express, { type RequestHandler, Router } from 'express';
import { bearerAuth } from '../../oauth/bearer-authentication';
import { applyFault } from '../apply-fault';
import type { PublicContext } from '../public-context';

/** The built-in plugin API, so the whole install works with nothing else running: /me and a todo list per user. */
export function demoApiRoute(context: PublicContext, authenticate: RequestHandler): Router {
  const router = Router();
  const faults: RequestHandler = async (_req, res, next) => {
    if (!(await applyFault(context, 'api', res))) next();
  };
  router.use(['/me', '/todos'], authenticate, faults);

  router.get('/me', (_req, res) => {
    res.json(bearerAuth(res).user);
  });

  router.get('/todos', (_req, res) => {
    const todos = context.store.todos.forUser(bearerAuth(res).user.id).map(({ id, text, createdAt }) => ({ id, text, createdAt }));
    res.json({ todos });
  });

  router.post('/todos', express.json({ limit: '16kb' }), async (req, res) => {
    const text: unknown = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text.trim() === '' || text.length > 500) {
      res.status(400).json({ error: 'invalid_request', error_description: 'text is required: a string of 1 to 500 characters' });
      return;
    }
    const todo = context.store.todos.add(bearerAuth(res).user.id, text.trim());
    await context.store.save();
    res.status(201).json({ id: todo.id, text: todo.text, createdAt: todo.createdAt });
  });

  router.delete('/todos/:id', async (req, res) => {
    if (!context.store.todos.remove(bearerAuth(res).user.id, req.params.id)) {
      res.status(404).json({ error: 'not_found', error_description: `no todo with id ${req.params.id}` });
      return;
    }
    await context.store.save();
    res.status(204).end();
  });

  return router;
}
