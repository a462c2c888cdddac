import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';

import { BadInputError, TransientError } from '../errors.ts';
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
  const address = await listenOn(server, options.host, port);
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

/** Starts listening and returns the address. On failure, closes the server and throws. */
async function listenOn(server: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await server.listen({ port, host });
  } catch (error) {
    await server.close();
    throw listenError(error, host, port);
  }
}

/**
 * Returns the coded error for a failed listen on `host` and `port`. An error the user cannot
 * fix with --port, --host or by stopping another process is returned unchanged.
 */
export function listenError(error: unknown, host: string, port: number): unknown {
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new TransientError(
        'AOD_PORT_IN_USE',
        `cannot listen on ${where}: the port is already in use by another process; ` +
          'choose another with --port (0 picks a free one), or stop that process',
        { cause: error },
      );
    case 'EACCES':
      return new BadInputError(
        'AOD_CONFIG_INVALID',
        `--port ${port}: permission denied to listen on ${where}` +
          // By default Linux lets only root, or a process with CAP_NET_BIND_SERVICE, listen on
          // a port below 1024.
          (port < 1024 ? '; choose a port from 1024 up, or 0 for a free one' : ''),
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
      return new BadInputError(
        'AOD_CONFIG_INVALID',
        `--host: expected an address of this machine, got ${JSON.stringify(host)}; ` +
          'use 127.0.0.1 for this machine only, or 0.0.0.0 for every interface',
        { cause: error },
      );
    case 'ENOTFOUND':
      return new BadInputError(
        'AOD_CONFIG_INVALID',
        `--host: expected an IP address or a host name that resolves, got ${JSON.stringify(host)}`,
        { cause: error },
      );
    default:
      return error;
  }
}
