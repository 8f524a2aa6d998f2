import { controlRoutes } from '../../renderer/bridge/control-routes';
import { controlContract, controlMethodNames } from '../../server/control/control-api';

describe('the renderer’s route mirror', () => {
  it('has exactly the contract’s methods, routes and created flags', () => {
    expect(Object.keys(controlRoutes).sort()).toEqual([...controlMethodNames].sort());
    for (const name of controlMethodNames) {
      expect(controlRoutes[name].http, name).toBe(controlContract[name].http);
      expect(Boolean(controlRoutes[name].created), name).toBe(Boolean((controlContract[name] as { created?: true }).created));
    }
  });
});
