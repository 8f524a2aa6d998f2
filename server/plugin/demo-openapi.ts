import type { Settings } from '../settings/settings';

/** The OpenAPI 3.0 description of the built-in demo API: operationIds and descriptions within ChatGPT's limits. */
export function demoOpenApiDocument(settings: Settings, baseUrl: string): Record<string, unknown> {
  const error = {
    description: 'Missing, unknown, expired or revoked access token',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return {
    openapi: '3.0.3',
    info: { title: settings.manifest.name_for_human, description: settings.manifest.description_for_human, version: '1.0.0' },
    servers: [{ url: baseUrl }],
    paths: {
      '/me': {
        get: {
          operationId: 'getCurrentUser',
          summary: 'Get the signed-in user',
          description: 'Returns the name and email of the user who signed in.',
          responses: {
            '200': {
              description: 'The signed-in user',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
            },
            '401': error,
          },
        },
      },
      '/todos': {
        get: {
          operationId: 'listTodos',
          summary: 'List todos',
          description: "Lists the signed-in user's todos, oldest first.",
          responses: {
            '200': {
              description: 'The todos',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { todos: { type: 'array', items: { $ref: '#/components/schemas/Todo' } } } },
                },
              },
            },
            '401': error,
          },
        },
        post: {
          operationId: 'addTodo',
          summary: 'Add a todo',
          description: "Adds a todo to the signed-in user's list.",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewTodo' } } } },
          responses: {
            '201': { description: 'The new todo', content: { 'application/json': { schema: { $ref: '#/components/schemas/Todo' } } } },
            '400': { description: 'The text is missing or too long' },
            '401': error,
          },
        },
      },
      '/todos/{id}': {
        delete: {
          operationId: 'deleteTodo',
          summary: 'Delete a todo',
          description: "Deletes one todo from the signed-in user's list by its id.",
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'The id of the todo to delete.', schema: { type: 'string' } },
          ],
          responses: { '204': { description: 'Deleted' }, '404': { description: 'No such todo' }, '401': error },
        },
      },
    },
    components: {
      schemas: {
        User: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } },
        Todo: {
          type: 'object',
          properties: { id: { type: 'string' }, text: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
        },
        NewTodo: {
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string', description: 'What to do, at most 500 characters.' } },
        },
        Error: { type: 'object', properties: { error: { type: 'string' }, error_description: { type: 'string' } } },
      },
    },
  };
}
