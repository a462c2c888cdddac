import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { retryAfterMs } from '../../../src/ingest/service/download-response.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

describe('retryAfterMs', () => {
  test('seconds become milliseconds', () => {
    assert.equal(retryAfterMs(' 120 ', NOW), 120_000);
  });

  test('HTTP date counts from now', () => {
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 12:00:30 GMT', NOW), 30_000);
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 11:00:00 GMT', NOW), 0);
  });

  test('absent or unreadable gives null', () => {
    assert.equal(retryAfterMs(null, NOW), null);
    assert.equal(retryAfterMs('soon', NOW), null);
    assert.equal(retryAfterMs('-5', NOW), null);
  });
});
