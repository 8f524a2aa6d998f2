import type { Request } from 'express';
import { InvalidRequest } from './oauth-error';

/**
 * The token, introspection and revocation endpoints take JSON or form bodies alike (ChatGPT plugins
 * send either). Every value must be a single string: a repeated parameter is refused (RFC 6749 §3.2).
 */
export function bodyParameters(req: Request): Record<string, string> {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequest('the request body must be a JSON object or form fields', {
      code: 'body_not_an_object',
      message: 'The body parsed, but it is not a set of fields (e.g. a JSON array or a bare string).',
    });
  }
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw repeated(name);
    if (typeof value === 'string') parameters[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') parameters[name] = String(value);
    else if (value !== null && value !== undefined) {
      throw new InvalidRequest(`${name} must be a string`, {
        code: 'parameter_not_a_string',
        message: `The field ${name} is an object, not a string.`,
      });
    }
  }
  return parameters;
}

function repeated(name: string): InvalidRequest {
  return new InvalidRequest(`${name} was given more than once`, {
    code: 'parameter_repeated',
    message: `The field ${name} appears more than once in the body; OAuth parameters must be sent once.`,
  });
}

export function required(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') {
    throw new InvalidRequest(`${name} is required`, { code: `${name}_missing`, message: `The request has no ${name}.` });
  }
  return value;
}
