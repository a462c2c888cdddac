import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { contentHashOf, createContentHasher } from '../../src/ingest/content-hash.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('content hash', () => {
  // Expected values printed by `xxhsum -H3` (xxHash 0.8) for the same bytes.
  test('equals xxhsum -H3 for the empty input and for "abc"', () => {
    assert.equal(contentHashOf(new Uint8Array()), 'xxh3:2d06800538d394c2');
    assert.equal(contentHashOf(encode('abc')), 'xxh3:78af5f94892f3950');
  });

  test('streamed pieces, shared memory included, hash like the whole input', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set(encode('abc'));
    const hasher = createContentHasher();

    hasher.update(shared.subarray(0, 1));
    hasher.update(shared.subarray(1));

    assert.equal(hasher.digest(), 'xxh3:78af5f94892f3950');
  });
});
