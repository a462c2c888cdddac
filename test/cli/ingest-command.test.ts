import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { REPO_ROOT, tempDir } from '../support/paths.ts';

function aodflow(args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin/aodflow.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, AODFLOW_DATABASE_URL: '' },
  });
}

describe('aodflow ingest options', () => {
  it('rejects an invalid calendar date', async () => {
    const dataDir = await tempDir();
    const result = aodflow([
      ...['ingest', '--sites', 'Dakar', '--from', '2024-02-30', '--to', '2024-03-31'],
      ...['--data-dir', dataDir],
    ]);

    assert.equal(result.status, 2);
    assert.equal(
      result.stderr.trim(),
      'aodflow: AOD_CONFIG_INVALID: --from: expected a calendar date YYYY-MM-DD, got "2024-02-30"',
    );
  });

  it('rejects a reversed date range', async () => {
    const dataDir = await tempDir();
    const result = aodflow([
      ...['ingest', '--sites', 'Dakar', '--from', '2024-03-01', '--to', '2024-02-01'],
      ...['--data-dir', dataDir],
    ]);

    assert.equal(result.status, 2);
    assert.match(result.stderr, /--from 2024-03-01 is after --to 2024-02-01/);
  });

  it('exits 2 without a required option', () => {
    const result = aodflow(['ingest', '--sites', 'Dakar', '--from', '2024-01-01']);

    assert.equal(result.status, 2);
    assert.match(result.stderr, /required option '--to <date>' not specified/);
  });
});
