import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  parseCalendarDate,
  parseChoice,
  parseIntegerOption,
  parsePositiveInteger,
} from '../../src/cli/parse-options.ts';
import { configRejection } from '../support/config-rejection.ts';

describe('parseIntegerOption', () => {
  it('accepts integers in range', () => {
    assert.equal(parseIntegerOption('--workers', '1', 1, 16), 1);
    assert.equal(parseIntegerOption('--workers', '16', 1, 16), 16);
    assert.equal(parseIntegerOption('--port', ' 0 ', 0, 65535), 0);
  });

  for (const text of ['abc', '', '2.5', '1e1', '0x10', '17', '0', '-1', '4 workers']) {
    it(`rejects workers ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseIntegerOption('--workers', text, 1, 16),
        configRejection(`--workers: expected an integer from 1 to 16, got ${JSON.stringify(text)}`),
      );
    });
  }

  it('rejects a port above 65535', () => {
    assert.throws(
      () => parseIntegerOption('--port', '65536', 0, 65535),
      configRejection('--port: expected an integer from 0 to 65535, got "65536"'),
    );
  });
});

describe('parsePositiveInteger', () => {
  it('accepts a positive integer', () => {
    assert.equal(parsePositiveInteger('--limit', '20'), 20);
  });

  it('rejects zero', () => {
    assert.throws(
      () => parsePositiveInteger('--limit', '0'),
      configRejection('--limit: expected a positive integer, got "0"'),
    );
  });
});

describe('parseChoice', () => {
  it('rejects an unknown scope', () => {
    assert.throws(
      () => parseChoice('--scope', 'all', ['inputs', 'store']),
      configRejection('--scope: expected one of inputs, store, got "all"'),
    );
  });
});

describe('parseCalendarDate', () => {
  it('accepts leap days and month ends', () => {
    for (const text of ['2024-02-29', '2000-02-29', '2023-02-28', '2024-04-30', '2024-12-31']) {
      assert.equal(parseCalendarDate('--from', text), text);
    }
  });

  const invalid = [
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-32',
    '2024-04-31',
    '2023-02-29',
    '1900-02-29',
    '2024-1-01',
    '20240101',
    ' 2024-01-01',
    '+10000-01-01',
    '',
  ];
  for (const text of invalid) {
    it(`rejects date ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseCalendarDate('--to', text),
        configRejection(
          `--to: expected a calendar date YYYY-MM-DD (month 01 to 12, a day of that month), got ${JSON.stringify(text)}`,
        ),
      );
    });
  }
});
