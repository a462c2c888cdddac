import { rm } from 'node:fs/promises';

import { dataDirLayout } from '../../../src/store/data-dir.ts';
import { openEmbeddedStore } from '../../../src/store/embedded-store.ts';
import { FileIngestState } from '../../../src/store/file-ingest-state.ts';
import { FileRunHistory } from '../../../src/store/file-run-history.ts';
import { tempDir } from '../../support/paths.ts';
import { describeObservationStoreContract } from './observation-store-contract.ts';

describeObservationStoreContract('embedded', async () => {
  const dataDir = await tempDir('aodflow-contract-');
  const observations = await openEmbeddedStore(dataDir);
  return {
    observations,
    runs: new FileRunHistory(dataDirLayout(dataDir).runs),
    ingestState: new FileIngestState(dataDir),
    cleanup: async () => {
      await observations.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
