import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { writeSampleFiles } from '../../src/ingest/sample/write-sample-files.ts';
import { runAodFlow } from '../../src/orchestrate/aod-flow.ts';
import { RunCancelledError } from '../../src/orchestrate/flow-run.ts';
import { dataDirLayout } from '../../src/store/data-dir.ts';
import { FileRunHistory } from '../../src/store/file-run-history.ts';
import { tempDir } from '../support/paths.ts';

describe('aod flow cancellation', () => {
  it('saves the run cancelled on abort', async () => {
    const root = await tempDir();
    const sample = await writeSampleFiles(join(root, 'in'), {
      sites: ['Dakar'],
      from: '2023-01-01',
      to: '2023-01-31',
    });
    const dataDir = join(root, 'data');
    const controller = new AbortController();

    await assert.rejects(
      runAodFlow({
        inputs: sample.files,
        dataDir,
        runId: 'run-cancelled',
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'task-started' && event.task === 'clean') {
            controller.abort(RunCancelledError.fromSignal('SIGTERM'));
          }
        },
      }),
      { name: 'RunCancelledError', code: 'AOD_RUN_CANCELLED', message: 'cancelled by SIGTERM' },
    );
    const run = await new FileRunHistory(dataDirLayout(dataDir).runs).getRun('run-cancelled');

    assert.equal(run.state, 'cancelled');
    assert.equal(run.error, 'AOD_RUN_CANCELLED: cancelled by SIGTERM');
    assert.deepEqual(
      run.tasks.map((task) => [task.task, task.state]),
      [
        ['ingest', 'completed'],
        ['store', 'completed'],
        ['clean', 'cancelled'],
      ],
    );
  });

  it('wraps a plain abort reason', async () => {
    const root = await tempDir();
    const controller = new AbortController();
    controller.abort();

    await assert.rejects(
      runAodFlow({
        inputs: [join(root, 'missing.lev20')],
        dataDir: join(root, 'data'),
        signal: controller.signal,
      }),
      { name: 'RunCancelledError', message: 'cancelled: This operation was aborted' },
    );
  });
});
