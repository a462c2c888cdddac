import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { tempDir } from '../support/paths.ts';
import { startCli } from './cli-process.ts';

describe('aodflow runs', () => {
  it('exits quietly when stdout closes early', async () => {
    const dataDir = join(await tempDir(), 'data');
    const cli = startCli(['runs', '--data-dir', dataDir]);

    // Like `aodflow runs | head -1` once head has exited: the first write fails with EPIPE.
    cli.child.stdout!.destroy();
    const result = await cli.result;

    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
  });

  it('says how to start a first run', async () => {
    const dataDir = join(await tempDir(), 'data');

    const result = await startCli(['runs', '--data-dir', dataDir]).result;

    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'no runs yet: start one with `aodflow run`\n');
  });
});
