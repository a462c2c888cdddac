import type { Command } from 'commander';

import { createLogger } from '../logger.ts';
import { buildServer } from '../serve/build-server.ts';
import { dataDirLayout, resolveDataDir } from '../store/data-dir.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the latest fitted model over HTTP (POST /predict, /docs, /metrics)')
    .option('-p, --port <n>', 'TCP port', '8000')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .action(async (options: { port: string; host: string; dataDir?: string }) => {
      const logger = createLogger();
      const layout = dataDirLayout(await resolveDataDir(options.dataDir));
      const server = await buildServer({ modelsDir: layout.models, logger });
      const address = await server.listen({ port: Number(options.port), host: options.host });
      logger.info({ address }, 'server listening');
      process.stderr.write(`aodflow serving on ${address} (docs at ${address}/docs)\n`);

      const stop = async (): Promise<void> => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
