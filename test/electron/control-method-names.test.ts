import { expect, it } from 'vitest';
import { controlContract } from '../../server/control/control-api';
import { controlMethodNameList } from '../../server/control/control-method-names';

it('the zod-free method list the preload uses equals the contract', () => {
  expect([...controlMethodNameList]).toEqual(Object.keys(controlContract));
});
