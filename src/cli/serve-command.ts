import type { Command } from 'commander';

import { createLogger } from '../logger.ts';
import { buildServer } from '../serve/build-server.ts';
import { DEFAULT_RELOAD_INTERVAL_MS } from '../serve/model-watcher.ts';
import { dataDirLayout, resolveDataDir } from '../store/data-dir.ts';
import { parseIntegerOption } from './parse-options.ts';
import { logLevelFromEnv } from './run-log.ts';

interface ServeOptions {
  port: string;
  host: string;
  dataDir?: string;
  reloadIntervalMs: string;
}

/** Longest accepted reload interval, one day, in milliseconds. */
const MAX_RELOAD_INTERVAL_MS = 86_400_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the latest fitted model over HTTP (POST /predict, /docs, /metrics); ' +
        'JSON logs go to stderr, and SIGHUP reloads the model',
    )
    .option('-p, --port <n>', 'TCP port, 0 for any free one', '8000')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .option(
      '--reload-interval-ms <n>',
      'milliseconds between checks for a newly saved model; 0 turns them off',
      String(DEFAULT_RELOAD_INTERVAL_MS),
    )
    .action(async (options: ServeOptions) => {
      await serveCommand(options);
    });
}

async function serveCommand(options: ServeOptions): Promise<void> {
  const port = parseIntegerOption('--port', options.port, 0, 65_535);
  const reloadIntervalMs = parseIntegerOption(
    '--reload-interval-ms',
    options.reloadIntervalMs,
    0,
    MAX_RELOAD_INTERVAL_MS,
  );
  const logger = createLogger({ level: logLevelFromEnv() });
  const layout = dataDirLayout(await resolveDataDir(options.dataDir));

  const server = await buildServer({ modelsDir: layout.models, logger, reloadIntervalMs });
  const address = await server.listen({ port, host: options.host });
  logger.info({ address }, 'server listening');
  process.stderr.write(`aodflow serving on ${address} (docs at ${address}/docs)\n`);

  process.on('SIGHUP', () => void server.modelWatcher.check('SIGHUP', true));
  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
