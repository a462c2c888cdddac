import assert from 'node:assert/strict';
import { test } from 'node:test';

import { NonFiniteToken, parseJsonBody } from '../../src/serve/json-body-parser.ts';

test('valid JSON parses unchanged', () => {
  assert.deepEqual(parseJsonBody('{"a": [1, "NaN"], "b": null}'), { a: [1, 'NaN'], b: null });
});

test('bare tokens become markers', () => {
  const body = parseJsonBody('{"a": NaN, "b": [Infinity, -Infinity, +Infinity], "c": -NaN}');

  assert.deepEqual(body, {
    a: new NonFiniteToken('NaN'),
    b: [
      new NonFiniteToken('Infinity'),
      new NonFiniteToken('-Infinity'),
      new NonFiniteToken('+Infinity'),
    ],
    c: new NonFiniteToken('-NaN'),
  });
});

test('tokens inside strings stay text', () => {
  const body = parseJsonBody('{"a": "NaN \\" Infinity", "b": NaN}');

  assert.deepEqual(body, { a: 'NaN " Infinity', b: new NonFiniteToken('NaN') });
});

test('other syntax errors are reported', () => {
  assert.throws(() => parseJsonBody('{"a": NaNa}'), {
    name: 'InvalidJsonError',
    code: 'AOD_REQUEST_INVALID',
    message: /^request body is not valid JSON: /,
  });
  assert.throws(() => parseJsonBody('{"a": NaN,}'), {
    message: /^request body is not valid JSON: /,
  });
  assert.throws(() => parseJsonBody('  '), {
    message: 'request body is empty; expected a JSON object',
  });
});
