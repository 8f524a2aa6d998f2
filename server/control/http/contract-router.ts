import { type Request, type Response, Router } from 'express';
import { type ControlApi, type ControlMethodName, controlContract, controlMethodNames } from '../control-api';
import { ControlError } from '../control-error';
import { sendControlError } from './control-error-response';

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One Express route per `controlContract` method, in contract order (literal paths before parameterised ones).
 * Input: GET/DELETE take the query, other verbs the JSON body; path params are merged last and win.
 * The method's zod schema validates it; a refusal names the field. No logic lives here.
 */
export function contractRouter(control: ControlApi, log: (line: string) => void): Router {
  const router = Router();
  for (const name of controlMethodNames) {
    const [verb, path] = controlContract[name].http.split(' ') as [Uppercase<Verb>, string];
    // Router is mounted at /api; the contract's paths include it.
    router[verb.toLowerCase() as Verb](path.slice('/api'.length), (req, res) => handle(name, verb, req, res));
  }

  async function handle(name: ControlMethodName, verb: Uppercase<Verb>, req: Request, res: Response) {
    try {
      const input = readInput(name, verb, req);
      const call = control[name] as (input: unknown) => Promise<unknown>;
      const result = await call.call(control, input);
      const { download } = controlContract[name];
      if (download) {
        const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
        res.setHeader('Content-Disposition', `attachment; filename="handshake-${stamp}.${download}"`);
      }
      res.status(controlContract[name].created ? 201 : 200).json(result ?? null);
    } catch (error) {
      if (error instanceof ControlError) {
        sendControlError(res, error);
        return;
      }
      log(`control API ${verb} ${req.path} (${name}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendControlError(res, new ControlError('failed', 'internal error'));
    }
  }

  return router;
}

function readInput(name: ControlMethodName, verb: Uppercase<Verb>, req: Request): unknown {
  const schema = controlContract[name].input;
  if (schema === null) return undefined;
  const carried = verb === 'GET' || verb === 'DELETE' ? req.query : (req.body ?? {});
  if (typeof carried !== 'object' || carried === null || Array.isArray(carried)) {
    throw new ControlError('invalid_input', 'The body must be a JSON object.');
  }
  const parsed = schema.safeParse({ ...carried, ...req.params });
  if (!parsed.success) throw ControlError.fromZod(parsed.error);
  return parsed.data;
}
