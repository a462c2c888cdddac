/**
 * Shared pieces of the web-service tests: generated Version 3 files for African sample sites,
 * a fake clock whose sleeps return at once, and a client aimed at a stand-in service.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { AodflowError } from '../../../src/errors.ts';
import { sampleSiteIndex } from '../../../src/ingest/catalog/load-site-catalog.ts';
import { readAeronetFile } from '../../../src/ingest/read-aeronet-file.ts';
import { writeSampleFiles } from '../../../src/ingest/sample/index.ts';
import {
  AeronetServiceClient,
  type AeronetServiceClientOptions,
} from '../../../src/ingest/service/aeronet-service-client.ts';
import type { AeronetStandIn } from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';
import { tempDir } from '../../support/paths.ts';

/** Sites written by `writeSampleDir`, ten days of Level 2.0 All Points each. */
export const SAMPLE_DIR_SITES = ['Banizoumbou', 'Mongu', 'Skukuza'];
export const SAMPLE_FROM = '2024-01-01';
export const SAMPLE_TO = '2024-01-10';
/** Start of the fake clock: 2026-01-02T03:04:05Z. */
export const FAKE_START_MS = Date.parse('2026-01-02T03:04:05.000Z');

/** Writes the sample files into a fresh folder and returns it. */
export async function writeSampleDir(): Promise<string> {
  const dir = await tempDir('aodflow-service-');
  await writeSampleFiles(dir, { from: SAMPLE_FROM, to: SAMPLE_TO, sites: SAMPLE_DIR_SITES });
  return dir;
}

/** Path of the sample file of one site in a folder from `writeSampleDir`. */
export function sampleFile(dir: string, site: string): string {
  return join(dir, `20240101_20240110_${site}.lev20`);
}

/** Observation times (seconds) of a site's sample file, read directly from the file. */
export async function fileTimes(dir: string, site: string): Promise<number[]> {
  const { table } = await readAeronetFile(sampleFile(dir, site));
  return Array.from(table.time);
}

export interface FakeTime {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Every sleep asked for, in milliseconds, in order. */
  sleeps: number[];
}

/**
 * A clock that moves only when something sleeps: a sleep sets it to the sleep's wake-up time
 * unless another sleeper has already moved it further. A sleep returns after one turn of the
 * event loop, so work that was already due (a request about to start) reads the clock first.
 */
export function fakeTime(): FakeTime {
  let now = FAKE_START_MS;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      const wakeAt = now + ms;
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, wakeAt);
    },
    sleeps,
  };
}

/** The bundled sample sites as a catalog: Banizoumbou, Dakar, ..., Skukuza, Nairobi. */
export const SAMPLE_INDEX = sampleSiteIndex();

/** A client for the stand-in with fake time, jitter fixed at the middle and no env override. */
export function standInClient(
  standIn: AeronetStandIn,
  time: FakeTime,
  options: Partial<AeronetServiceClientOptions> = {},
): AeronetServiceClient {
  return new AeronetServiceClient({
    catalog: SAMPLE_INDEX,
    baseUrl: standIn.url,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    env: {},
    ...options,
  });
}

/** Awaits a promise expected to reject with an aodflow error, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<AodflowError> {
  const error = await promise.then(
    () => assert.fail('expected the request to fail'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof AodflowError, `expected an AodflowError, got ${String(error)}`);
  return error;
}
