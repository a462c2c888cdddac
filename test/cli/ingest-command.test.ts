import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Command } from 'commander';

import { exitCodeFor } from '../../src/cli/exit-code.ts';
import { parseDateRange, registerIngestCommand } from '../../src/cli/ingest-command.ts';
import { BadInputError } from '../../src/errors.ts';
import { SAMPLE_SITES, formatSiteList } from '../../src/ingest/sample/index.ts';
import { tempDir } from '../support/paths.ts';
import { runCli } from './cli-process.ts';

const JANUARY = ['--from', '2024-01-01', '--to', '2024-01-31'];

let dir: string;
let serviceUrl: string;
let serviceRequests = 0;
let closeService: () => Promise<void>;

// A stand-in for the AERONET web service that only counts requests. Every case below must fail
// before sending one.
before(async () => {
  dir = await tempDir('aodflow-ingest-options-');
  const server = createServer((_request, response) => {
    serviceRequests++;
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serviceUrl = `http://127.0.0.1:${port}/cgi-bin/print_web_data_v3`;
  closeService = () => new Promise((resolve) => server.close(() => resolve()));
});

after(() => closeService());

/**
 * Returns the arguments that make `aodflow ingest <args>` show whether it did any work: a site
 * list path that does not exist, the counting service and a data folder not yet created.
 * Reading the site list would fail with AOD_INPUT_NOT_FOUND, and downloading it, logging the
 * run or opening the store would create the data folder first.
 */
async function workProbe(): Promise<{ args: string[]; dataDir: string }> {
  const dataDir = join(await tempDir(), 'data');
  const args = [
    ...['--catalog', join(dir, 'missing-site-list.txt')],
    ...['--service-url', serviceUrl, '--data-dir', dataDir],
  ];
  return { args, dataDir };
}

/** Runs `aodflow ingest <args>` in this process and checks it fails before any work. */
async function assertRejectedBeforeWork(args: string[], message: string): Promise<void> {
  const probe = await workProbe();
  const requestsBefore = serviceRequests;
  const program = new Command('aodflow').exitOverride();
  registerIngestCommand(program);

  await assert.rejects(
    program.parseAsync(['ingest', ...probe.args, ...args], { from: 'user' }),
    (error: unknown) => {
      assert.ok(error instanceof BadInputError);
      assert.equal(error.code, 'AOD_CONFIG_INVALID');
      assert.equal(error.message, message);
      assert.equal(exitCodeFor(error), 2);
      return true;
    },
  );
  assert.equal(serviceRequests, requestsBefore);
  assert.equal(existsSync(probe.dataDir), false);
}

describe('aodflow ingest dates', () => {
  it('rejects an invalid calendar date', async () => {
    await assertRejectedBeforeWork(
      ['--sites', 'Dakar', '--from', '2024-02-30', '--to', '2024-03-31'],
      '--from: expected a calendar date YYYY-MM-DD (month 01 to 12, a day of that month), got "2024-02-30"',
    );
  });

  const invalidDates = [
    ['--from', '2024-13-01'],
    ['--to', '2024-13-01'],
    ['--from', '2024-00-10'],
    ['--from', '2024-01-00'],
    ['--from', '2024-01-32'],
    ['--to', '2024-01-32'],
  ] as const;
  for (const [option, text] of invalidDates) {
    it(`rejects ${option} ${text}`, async () => {
      const [from, to] = option === '--from' ? [text, '2024-02-01'] : ['2024-01-01', text];
      await assertRejectedBeforeWork(
        ['--sites', 'Dakar', '--from', from, '--to', to],
        `${option}: expected a calendar date YYYY-MM-DD (month 01 to 12, a day of that month), got "${text}"`,
      );
    });
  }

  it('rejects a year before 1990', async () => {
    await assertRejectedBeforeWork(
      ['--sites', 'Dakar', '--from', '0000-01-01', '--to', '2024-01-31'],
      '--from: expected a date from 1990 on, as AERONET has no earlier measurements, ' +
        'got "0000-01-01"',
    );
  });

  it('rejects a reversed date range', async () => {
    await assertRejectedBeforeWork(
      ['--sites', 'Dakar', '--from', '2024-03-01', '--to', '2024-02-01'],
      '--from 2024-03-01 is after --to 2024-02-01: expected the first day before or on the last',
    );
  });

  it('rejects a start after today', async () => {
    await assertRejectedBeforeWork(
      ['--sites', 'Dakar', '--from', '2099-01-01', '--to', '2099-01-31'],
      `--from: expected a day up to today (${new Date().toISOString().slice(0, 10)}, UTC), ` +
        'got "2099-01-01"',
    );
  });

  it('clamps a future end to today', () => {
    assert.deepEqual(parseDateRange('2026-11-01', '2099-01-31', '2026-12-04'), {
      from: '2026-11-01',
      to: '2026-12-04',
    });
    assert.deepEqual(parseDateRange('2026-11-01', '2026-11-30', '2026-12-04'), {
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });
});

describe('aodflow ingest site options', () => {
  it('rejects no site option', async () => {
    await assertRejectedBeforeWork(
      JANUARY,
      'expected exactly one of --sites, --bbox or --country, got 0',
    );
  });

  it('rejects two site options', async () => {
    await assertRejectedBeforeWork(
      ['--sites', 'Dakar', '--country', 'Senegal', ...JANUARY],
      'expected exactly one of --sites, --bbox or --country, got 2 (--sites, --country)',
    );
  });

  for (const sites of ['', ',', ' , ,']) {
    it(`rejects --sites ${JSON.stringify(sites)}`, async () => {
      await assertRejectedBeforeWork(
        ['--sites', sites, ...JANUARY],
        `--sites: expected one or more comma-separated AERONET site names, got "${sites}"`,
      );
    });
  }

  it('rejects an unknown country', async () => {
    await assertRejectedBeforeWork(
      ['--country', 'Narnia', ...JANUARY],
      '--country: expected an ISO 3166 country name or code of Africa or its neighbours, ' +
        'got "Narnia"',
    );
  });

  it('rejects a box of three numbers', async () => {
    await assertRejectedBeforeWork(
      ['--bbox', '1,2,3', ...JANUARY],
      '--bbox: expected "S,W,N,E" in decimal degrees or one of AFRICA, got "1,2,3"',
    );
  });
});

describe('aodflow ingest other options', () => {
  const cases = [
    [['--level', '3.0'], '--level: expected 1.0, 1.5 or 2.0, got "3.0"'],
    [['--concurrency', '0'], '--concurrency: expected a positive integer, got "0"'],
    [
      ['--min-interval-ms', 'soon'],
      '--min-interval-ms: expected an integer from 0 to 2147483647, got "soon"',
    ],
    [['--timeout-ms', '1e3'], '--timeout-ms: expected an integer from 1 to 2147483647, got "1e3"'],
    [['--horizon-days', '-1'], '--horizon-days: expected an integer of at least 0, got "-1"'],
    [
      ['--service-url', 'ftp://example.org/'],
      'AERONET service URL: expected an http or https URL, got "ftp://example.org/"',
    ],
  ] as const;
  for (const [args, message] of cases) {
    it(`rejects ${args.join(' ')}`, async () => {
      await assertRejectedBeforeWork(['--sites', 'Dakar', ...JANUARY, ...args], message);
    });
  }
});

// The same checks through bin/aodflow.js, for the line printed and the exit code.
describe('aodflow ingest process', () => {
  it('prints month 13 as coded error', async () => {
    const probe = await workProbe();
    const result = await runCli([
      ...['ingest', '--sites', 'Dakar', '--from', '2024-13-01', '--to', '2024-02-01'],
      ...probe.args,
    ]);

    assert.equal(
      result.stderr,
      'aodflow: AOD_CONFIG_INVALID: --from: expected a calendar date YYYY-MM-DD (month 01 to ' +
        '12, a day of that month), got "2024-13-01"\n',
    );
    assert.equal(result.code, 2);
  });

  it('exits 2 on empty --sites', async () => {
    const probe = await workProbe();
    const result = await runCli(['ingest', '--sites', '', ...JANUARY, ...probe.args]);

    assert.equal(
      result.stderr,
      'aodflow: AOD_CONFIG_INVALID: --sites: expected one or more comma-separated ' +
        'AERONET site names, got ""\n',
    );
    assert.equal(result.stdout, '');
    assert.equal(result.code, 2);
  });

  it('checks sites before any request', async () => {
    const probe = await workProbe();
    const requestsBefore = serviceRequests;
    const result = await runCli(['ingest', ...JANUARY, ...probe.args]);

    assert.equal(
      result.stderr,
      'aodflow: AOD_CONFIG_INVALID: expected exactly one of --sites, --bbox or --country, got 0\n',
    );
    assert.equal(result.code, 2);
    assert.equal(serviceRequests, requestsBefore);
    assert.equal(existsSync(probe.dataDir), false);
  });

  it('stops at a port fetch blocks', async () => {
    const catalog = join(dir, 'sites.txt');
    await writeFile(catalog, formatSiteList(SAMPLE_SITES));
    const dataDir = join(dir, 'blocked-port');
    const result = await runCli([
      ...['ingest', '--sites', 'Dakar,Ilorin', '--from', '2023-01-01', '--to', '2024-12-31'],
      ...['--catalog', catalog, '--data-dir', dataDir],
      ...['--service-url', 'http://127.0.0.1:9/cgi-bin/print_web_data_v3'],
    ]);

    assert.match(
      result.stderr,
      /^aodflow: AOD_CONFIG_INVALID: task download failed: AERONET web service: fetch refuses port 9 /,
    );
    assert.equal(result.code, 2);
  });

  it('exits 2 without a required option', async () => {
    const result = await runCli(['ingest', '--sites', 'Dakar', '--from', '2024-01-01']);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /required option '--to <date>' not specified/);
  });
});
