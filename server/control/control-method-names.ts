/**
 * The ControlApi method names without zod, for the Electron preload: a sandboxed preload can only require a
 * few built-in modules, so it cannot pull in the contract with its schemas. A test keeps this list equal to
 * Object.keys(controlContract).
 */
export const controlMethodNameList = [
  'getStatus',
  'getSettings',
  'updateSettings',
  'getPreview',
  'setPublicPort',
  'getClient',
  'setClient',
  'rotateClientSecret',
  'listClients',
  'createClient',
  'deleteClient',
  'listUsers',
  'createUser',
  'updateUser',
  'deleteUser',
  'listGrants',
  'revokeGrant',
  'exportHar',
  'listTraffic',
  'getTrafficEntry',
  'clearTraffic',
  'replayTraffic',
  'getTunnel',
  'startTunnel',
  'stopTunnel',
  'setNgrokAuthtoken',
  'listFaults',
  'injectFault',
  'clearFaults',
  'runCheck',
  'listHosts',
] as const;
