import type { Finding } from './manifest-rules';
import { onDomain } from './manifest-rules';

/** One operation ChatGPT can call. */
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** Required parameters or a required body: the check cannot invent their values. */
  needsInput: boolean;
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const descriptionLimit = 200;
const isRecord = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What ChatGPT would trip over in an OpenAPI document (chatgpt-oauth.md §1): the version, an operationId on every
 * operation, endpoint and parameter descriptions within 200 characters, and `servers` on the public domain.
 */
export function openApiFindings(document: unknown, publicRoot: string): { findings: Finding[]; operations: Operation[] } {
  const findings: Finding[] = [];
  const operations: Operation[] = [];
  const fail = (message: string) => findings.push({ level: 'fail', message });
  if (!isRecord(document)) return { findings: [{ level: 'fail', message: 'The OpenAPI document is not an object.' }], operations };
  if (typeof document.openapi !== 'string' || !/^3\.(0\.\d+|1\.0)$/.test(document.openapi))
    fail(`openapi is ${JSON.stringify(document.openapi)}; ChatGPT reads 3.0.x and 3.1.0.`);
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const serverUrl = isRecord(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : '';
  if (!serverUrl) fail('servers is missing: ChatGPT needs the API base URL there.');
  else if (!onDomain(serverUrl, publicRoot))
    fail(`servers[0].url is ${serverUrl}, not on the public domain ${publicRoot}: ChatGPT would call another host.`);

  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of methods) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const label = `${method.toUpperCase()} ${path}`;
      if (typeof operation.operationId !== 'string' || operation.operationId === '')
        fail(`${label} has no operationId: ChatGPT names operations by it.`);
      const description =
        typeof operation.description === 'string' ? operation.description : typeof operation.summary === 'string' ? operation.summary : '';
      if (!description)
        findings.push({ level: 'warn', message: `${label} has no description or summary: the model will not know when to call it.` });
      else if (description.length > descriptionLimit)
        fail(`${label}: its description has ${description.length} characters; the limit is ${descriptionLimit}.`);
      const parameters = [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])].filter(isRecord);
      for (const parameter of parameters) {
        if (typeof parameter.description === 'string' && parameter.description.length > descriptionLimit) {
          fail(
            `${label}: the description of parameter ${parameter.name} has ${parameter.description.length} characters; the limit is ${descriptionLimit}.`,
          );
        }
      }
      const needsInput =
        parameters.some((parameter) => parameter.required === true) ||
        (isRecord(operation.requestBody) && operation.requestBody.required === true);
      if (typeof operation.operationId === 'string' && operation.operationId)
        operations.push({ operationId: operation.operationId, method: method.toUpperCase(), path, needsInput });
    }
  }
  if (Object.keys(paths).length === 0) fail('The document has no paths: ChatGPT would have nothing to call.');
  return { findings, operations };
}

/** The operation the check calls: the one asked for, else the first GET that needs no input. */
export function chooseOperation(operations: Operation[], wanted?: string): Operation | null {
  if (wanted) return operations.find((operation) => operation.operationId === wanted) ?? null;
  return operations.find((operation) => operation.method === 'GET' && !operation.needsInput) ?? null;
}
