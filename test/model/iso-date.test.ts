import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseIsoDate } from '../../src/model/iso-date.ts';

test('dates parse to UTC instants', () => {
  const cases: Array<[string, string]> = [
    ['2019-03-15', '2019-03-15T00:00:00.000Z'],
    ['2019-03-15T10:30:00Z', '2019-03-15T10:30:00.000Z'],
    ['2019-03-15T10:30Z', '2019-03-15T10:30:00.000Z'],
    ['2019-03-15 10:30:00', '2019-03-15T10:30:00.000Z'],
    ['2019-03-15T10:30:00.25+01:00', '2019-03-15T09:30:00.250Z'],
    ['2019-03-15T00:30:00-0230', '2019-03-15T03:00:00.000Z'],
    ['2019-12-31T23:30:00-01', '2020-01-01T00:30:00.000Z'],
    ['2020-02-29', '2020-02-29T00:00:00.000Z'],
  ];
  for (const [text, expected] of cases) {
    assert.equal(parseIsoDate(text)?.toISOString(), expected, text);
  }
});

test('invalid dates are rejected', () => {
  const invalid = [
    '',
    '2019-02-29',
    '2019-13-01',
    '2019-04-31',
    '2019-03-15T24:00:00Z',
    '2019-03-15T10:60Z',
    '2019-03-15T10:30:00+25:00',
    '15/03/2019',
    '2019-3-15',
    'NaN',
    '2019-03-15T10',
    ' 2019-03-15',
  ];
  for (const text of invalid) assert.equal(parseIsoDate(text), undefined, text);
});
