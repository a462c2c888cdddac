import { rm } from 'node:fs/promises';

import { openStore } from '../../../src/store/open-store.ts';
import { tempDir } from '../../support/paths.ts';
import { describeIngestSuite } from './ingest-suite.ts';

describeIngestSuite('embedded', async () => {
  const dataDir = await tempDir('aodflow-ingest-');
  const store = await openStore({ dataDir, env: {} });
  return {
    observations: store.observations,
    ingestState: store.ingestState,
    cli: { args: ['--data-dir', dataDir], env: { AODFLOW_DATABASE_URL: '' } },
    cleanup: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
