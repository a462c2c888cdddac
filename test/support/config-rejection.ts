import assert from 'node:assert/strict';

import { BadInputError } from '../../src/errors.ts';

/** Returns an `assert.rejects` validator for AOD_CONFIG_INVALID with exactly `message`. */
export function configRejection(message: string): (error: unknown) => true {
  return (error: unknown) => {
    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(error.message, message);
    return true;
  };
}
