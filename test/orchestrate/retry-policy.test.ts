import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../src/orchestrate/retry-policy.ts';

describe('retryDelayMs', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, factor: 2, maxDelayMs: 1000 };

  it('grows exponentially without jitter', () => {
    const noJitter = { ...policy, jitter: 0 };
    const delays = [1, 2, 3, 4, 5].map((retry) => retryDelayMs(noJitter, retry));
    assert.deepEqual(delays, [100, 200, 400, 800, 1000]);
  });

  it('spreads the delay by the jitter share', () => {
    const withJitter = { ...policy, jitter: 0.5 };
    assert.equal(
      retryDelayMs(withJitter, 2, () => 0),
      100,
    );
    assert.equal(
      retryDelayMs(withJitter, 2, () => 0.999999),
      200,
    );
  });
});
