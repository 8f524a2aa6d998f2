import type { ControlMethodName } from '../../server/control/control-api';

export interface ControlRoute {
  http: string;
  created?: true;
}

/**
 * The HTTP route of every ControlApi method, mirrored from `controlContract` so the renderer bundle stays free of
 * zod. The mapped type makes a missing or extra method a compile error; test/renderer/control-routes.test.ts checks
 * every route and `created` flag against the contract itself.
 */
export const controlRoutes: { [K in ControlMethodName]: ControlRoute } = {
  getStatus: { http: 'GET /api/status' },
  getSettings: { http: 'GET /api/settings' },
  updateSettings: { http: 'PATCH /api/settings' },
  getPreview: { http: 'GET /api/preview' },
  setPublicPort: { http: 'PUT /api/listener' },
  getClient: { http: 'GET /api/client' },
  setClient: { http: 'PUT /api/client' },
  rotateClientSecret: { http: 'POST /api/client/rotate-secret' },
  listClients: { http: 'GET /api/clients' },
  createClient: { http: 'POST /api/clients', created: true },
  deleteClient: { http: 'DELETE /api/clients/:id' },
  listUsers: { http: 'GET /api/users' },
  createUser: { http: 'POST /api/users', created: true },
  updateUser: { http: 'PATCH /api/users/:id' },
  deleteUser: { http: 'DELETE /api/users/:id' },
  listGrants: { http: 'GET /api/grants' },
  revokeGrant: { http: 'DELETE /api/grants/:id' },
  exportHar: { http: 'GET /api/traffic/export.har' },
  listTraffic: { http: 'GET /api/traffic' },
  getTrafficEntry: { http: 'GET /api/traffic/:id' },
  clearTraffic: { http: 'DELETE /api/traffic' },
  replayTraffic: { http: 'POST /api/traffic/:id/replay' },
  getTunnel: { http: 'GET /api/tunnel' },
  startTunnel: { http: 'POST /api/tunnel' },
  stopTunnel: { http: 'DELETE /api/tunnel' },
  setNgrokAuthtoken: { http: 'PUT /api/tunnel/authtoken' },
  listFaults: { http: 'GET /api/faults' },
  injectFault: { http: 'POST /api/faults', created: true },
  clearFaults: { http: 'DELETE /api/faults' },
  runCheck: { http: 'POST /api/checks' },
  listHosts: { http: 'GET /api/hosts' },
  listSigningKeys: { http: 'GET /api/keys' },
  listTokenShapes: { http: 'GET /api/token-shapes' },
  rotateSigningKey: { http: 'POST /api/keys/rotate' },
};
