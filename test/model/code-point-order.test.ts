import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compareCodePoints } from '../../src/model/code-point-order.ts';

test('sort follows code points', () => {
  // Python: sorted(['zeta', '\U0001D538x', 'Alpha', '\uFB01x', 'alpha', 'Al', ''])
  const names = ['zeta', '\u{1D538}x', 'Alpha', '\uFB01x', 'alpha', 'Al', ''];

  assert.deepEqual(names.slice().sort(compareCodePoints), [
    '',
    'Al',
    'Alpha',
    'alpha',
    'zeta',
    '\uFB01x',
    '\u{1D538}x',
  ]);
  assert.deepEqual(names.slice().sort().slice(-2), ['\u{1D538}x', '\uFB01x']);
});

test('astral characters compare by code point', () => {
  assert.ok(compareCodePoints('\u{1F600}', '\u{1F601}') < 0);
  assert.ok(compareCodePoints('\u{10000}', '\uFFFF') > 0);
  assert.equal(compareCodePoints('Dakar', 'Dakar'), 0);
});
