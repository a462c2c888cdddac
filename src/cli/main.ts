/**
 * The `aodflow` command line: a thin layer over the stages. Each subcommand lives in its own file.
 */
import { Command, CommanderError } from 'commander';

import { describeError } from '../errors.ts';
import { exitCodeFor } from './exit-code.ts';
import { registerIngestCommand } from './ingest-command.ts';
import { registerRunCommand } from './run-command.ts';
import { registerRunsCommand } from './runs-command.ts';
import { registerSampleCommand } from './sample-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerSitesCommand } from './sites-command.ts';

// A reader that stops early (`aodflow runs | head -1`) closes the pipe; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

const program = new Command('aodflow')
  .description('AERONET aerosol optical depth for Africa: ingest, clean, profile, model and serve')
  .version('0.1.0')
  .showHelpAfterError()
  // Usage errors (a missing required option, say) exit 2 like other bad input, not 1.
  .exitOverride();

registerRunCommand(program);
registerServeCommand(program);
registerRunsCommand(program);
registerSampleCommand(program);
registerIngestCommand(program);
registerSitesCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`aodflow: ${describeError(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
