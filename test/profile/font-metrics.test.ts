import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { AodflowError } from '../../src/errors.ts';
import { measureText, readAdvanceWidths } from '../../src/profile/font-metrics.ts';

const require = createRequire(import.meta.url);
const FONT = join(
  dirname(require.resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
  'DejaVuSans.ttf',
);

test('advance widths match DejaVu Sans', () => {
  const widths = readAdvanceWidths(readFileSync(FONT), FONT);

  // DejaVu Sans 2.37 hmtx: space 651, digits 1303, "m" 1995 units of 2048 per em.
  assert.equal(widths(' '.codePointAt(0)!), 651 / 2048);
  assert.equal(widths('0'.codePointAt(0)!), 1303 / 2048);
  assert.equal(widths('m'.codePointAt(0)!), 1995 / 2048);
});

test('measureText sums advances', () => {
  const widths = readAdvanceWidths(readFileSync(FONT), FONT);

  assert.equal(measureText('00', 10, widths), (2 * 1303 * 10) / 2048);
  assert.equal(measureText('', 10, widths), 0);
});

test('readAdvanceWidths rejects a non-font', () => {
  const bytes = Buffer.alloc(64);

  assert.throws(
    () => readAdvanceWidths(bytes, 'empty.ttf'),
    (error: unknown) => {
      assert.ok(error instanceof AodflowError);
      assert.equal(error.code, 'AOD_CONFIG_INVALID');
      assert.equal(
        error.message,
        'font: expected the TrueType tables head, hhea, hmtx, cmap, got a file without head, hhea, hmtx, cmap (empty.ttf)',
      );
      return true;
    },
  );
});
