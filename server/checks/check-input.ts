import { z } from 'zod';
import { checkProfiles } from './check-run';

/** POST /api/checks: which profile, against which URL, as which user. */
export const checkInputSchema = z.strictObject({
  profile: z.enum(checkProfiles),
  /**
   * The public base URL (classic) or the MCP server URL (mcp; /mcp is added to a bare origin). Default: the public URL,
   * else the local one. server: the MCP server to probe, default Settings' "Your MCP server", else Handshake's /mcp.
   */
  url: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an absolute http(s) URL')
    .optional(),
  /** The email of the user to sign in as; default the first user. */
  user: z.email().max(254).optional(),
  /** Classic: play the 2023 plugin client or a GPT Action. */
  classicClient: z.enum(['plugin', 'action']).default('plugin'),
  /** GPT Actions: "Default (POST request)" or "Basic authorization header". */
  tokenAuth: z.enum(['post', 'basic']).default('post'),
  /** Classic: the operation to call. */
  operationId: z.string().trim().min(1).max(200).optional(),
  /** The token ChatGPT's wizard showed; default the one in Settings. */
  verificationToken: z.string().trim().max(200).optional(),
  /** MCP: the tool to call, and its arguments. */
  tool: z.string().trim().min(1).max(200).optional(),
  toolArguments: z.record(z.string(), z.unknown()).optional(),
});
export type CheckInput = z.input<typeof checkInputSchema>;
