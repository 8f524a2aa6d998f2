import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { appVersion } from '../core/app-version';
import type { Store } from '../store/store';

/** Whoever the bearer token was issued to: every tool acts as this user. */
export interface McpUser {
  id: string;
  email: string;
  name: string;
}

function result(structured: Record<string, unknown>) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * The built-in MCP server (served at /mcp while no MCP upstream is set): a few per-user tools over the same todo list
 * as the demo REST API, described and annotated as ChatGPT shows them, so a plugin can be connected the minute
 * Handshake runs.
 */
export function createDemoMcpServer(store: Store, user: McpUser): McpServer {
  const server = new McpServer({ name: 'handshake-demo', title: 'Handshake Todo (demo)', version: appVersion });
  const todoShape = { id: z.string(), text: z.string(), createdAt: z.string() };

  server.registerTool(
    'whoami',
    {
      title: 'Who am I',
      description: 'Returns the signed-in user: their id, email and name. Use it to greet the user or to check which account is connected.',
      outputSchema: { id: z.string(), email: z.string(), name: z.string() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => result({ id: user.id, email: user.email, name: user.name }),
  );

  server.registerTool(
    'list_todos',
    {
      title: 'List todos',
      description: "Lists the signed-in user's todos, oldest first. Use it when the user asks what is on their list.",
      outputSchema: { todos: z.array(z.object(todoShape)) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => result({ todos: store.todos.forUser(user.id).map(({ id, text, createdAt }) => ({ id, text, createdAt })) }),
  );

  server.registerTool(
    'add_todo',
    {
      title: 'Add a todo',
      description: "Adds a todo to the signed-in user's list and returns it.",
      inputSchema: { text: z.string().trim().min(1).max(500).describe('What to do, in a few words') },
      outputSchema: todoShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ text }) => {
      const todo = store.todos.add(user.id, text);
      await store.save();
      return result({ id: todo.id, text: todo.text, createdAt: todo.createdAt });
    },
  );

  server.registerTool(
    'delete_todo',
    {
      title: 'Delete a todo',
      description: "Deletes one of the signed-in user's todos by id (from list_todos).",
      inputSchema: { id: z.string().min(1).describe('The id list_todos returned') },
      outputSchema: { deleted: z.boolean() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      if (!store.todos.remove(user.id, id))
        return { content: [{ type: 'text' as const, text: `No todo with id ${id} on your list.` }], isError: true };
      await store.save();
      return result({ deleted: true });
    },
  );

  return server;
}
