import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { NotFoundError } from '../../src/errors.ts';
import { classifyInputs } from '../../src/ingest/classify-inputs.ts';
import { REAL_DATA_DIR, realDataAvailable } from '../support/paths.ts';
import { fixtureFolder, removeFixtures } from './aeronet-fixtures.ts';

after(removeFixtures);
const SITE_LIST = 'AERONET_Database_Site_List,Num=2,Date_Generated=13:12:2024\n';
const DATA = 'AERONET Version 3; \nDakar\n';

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await fixtureFolder();
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(folder, name), content);
  }
  return folder;
}

describe('classifyInputs', () => {
  test('real folder sorted by name', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const classified = await classifyInputs([REAL_DATA_DIR]);

    assert.deepEqual(classified, {
      dataFiles: [
        '20190101_20191231_SP-EACH.lev20',
        '20190101_20191231_Sao_Paulo.lev20',
        '20230101_20241231_Turlock_CA_USA.lev15',
        'aeronet-AOD15-example.txt',
      ].map((name) => join(REAL_DATA_DIR, name)),
      catalogFiles: ['aeronet_locations_2013.txt', 'aeronet_locations_v3.txt'].map((name) =>
        join(REAL_DATA_DIR, name),
      ),
      skipped: [],
    });
  });

  test('explicit files keep their order', async () => {
    const folder = await folderWith({ 'b.lev20': DATA, 'a.lev20': DATA, 'sites.txt': SITE_LIST });
    const [a, b, sites] = ['a.lev20', 'b.lev20', 'sites.txt'].map((name) => join(folder, name));

    const classified = await classifyInputs([b!, sites!, a!]);

    assert.deepEqual(classified, { dataFiles: [b, a], catalogFiles: [sites], skipped: [] });
  });

  test('folder skips files of other kinds', async () => {
    const folder = await folderWith({
      'README.md': '# notes\n',
      'z.txt': `\uFEFF${DATA}`,
      'broken.lev15': 'not aeronet\n',
      'page.html': '<html><body>error</body></html>',
      '.hidden.lev20': DATA,
    });
    await mkdir(join(folder, 'nested'));

    const classified = await classifyInputs([folder]);

    assert.deepEqual(classified, {
      dataFiles: ['broken.lev15', 'page.html', 'z.txt'].map((name) => join(folder, name)),
      catalogFiles: [],
      skipped: [join(folder, 'README.md')],
    });
  });

  test('explicit unknown file kept as data', async () => {
    const folder = await folderWith({ 'notes.txt': 'hello\n' });

    const classified = await classifyInputs([join(folder, 'notes.txt')]);

    assert.deepEqual(classified.dataFiles, [join(folder, 'notes.txt')]);
  });

  test('missing path rejected', async () => {
    const path = join(await fixtureFolder(), 'nope');

    await assert.rejects(classifyInputs([path]), (error: unknown) => {
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.code, 'AOD_INPUT_NOT_FOUND');
      assert.equal(
        error.message,
        'expected an AERONET file or a folder of them, got a path that does not exist; check ' +
          `the path (folders are read one level deep) (${path})`,
      );
      return true;
    });
  });
});
