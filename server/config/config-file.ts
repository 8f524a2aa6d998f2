import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { clientInputSchema, newClientSchema, newUserSchema } from '../control/control-api';
import { manifestSchema, settingsSchema } from '../settings/settings';

/** `--config FILE`: applied at every start; users are upserted by email. Unknown keys stop the start. */
export const configFileSchema = z.strictObject({
  client: clientInputSchema.optional(),
  verificationToken: settingsSchema.shape.verificationToken.optional(),
  scope: settingsSchema.shape.scope.optional(),
  authorizationContentType: settingsSchema.shape.authorizationContentType.optional(),
  accessTokenTtl: settingsSchema.shape.accessTokenTtl.optional(),
  refreshTokenTtl: settingsSchema.shape.refreshTokenTtl.optional(),
  authorizationCodeTtl: settingsSchema.shape.authorizationCodeTtl.optional(),
  redirectUris: settingsSchema.shape.redirectUris.optional(),
  allowChatGptCallbacks: settingsSchema.shape.allowChatGptCallbacks.optional(),
  publicUrl: settingsSchema.shape.publicUrl.optional(),
  upstream: settingsSchema.shape.upstream.optional(),
  upstreamSpecPath: settingsSchema.shape.upstreamSpecPath.optional(),
  mcpUpstream: settingsSchema.shape.mcpUpstream.optional(),
  trafficRingSize: settingsSchema.shape.trafficRingSize.optional(),
  ngrokDomain: settingsSchema.shape.ngrokDomain.optional(),
  users: z.array(newUserSchema).max(10_000).optional(),
  /** Clients besides the classic one ("predefined" in ChatGPT's words), upserted by id. */
  clients: z
    .array(newClientSchema.required({ id: true }))
    .max(1000)
    .optional(),
  manifest: manifestSchema.partial().optional(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

export class ConfigFileError extends Error {}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys].join('.') : issue.path.join('.');
    const what = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    throw new ConfigFileError(`config file ${path}: ${key || '(root)'}: ${what}`);
  }
  return parsed.data;
}
