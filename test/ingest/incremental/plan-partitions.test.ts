import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  planPartitions,
  type PartitionPlanInput,
} from '../../../src/ingest/incremental/plan-partitions.ts';
import type { PartitionState } from '../../../src/store/ingest-state.ts';

const INPUT: PartitionPlanInput = {
  sites: ['Dakar', 'Ilorin'],
  from: '2024-01-15',
  to: '2024-03-10',
  level: 20,
  product: 'all_points',
  serviceUrl: 'http://127.0.0.1:1/print_web_data_v3',
};
const NOW = Date.parse('2026-06-01T00:00:00Z');

function completeStates(
  input: PartitionPlanInput,
  overrides: Partial<PartitionState> = {},
): Map<string, PartitionState> {
  const plan = planPartitions(input, new Map(), { now: NOW, horizonDays: 30 });
  return new Map(
    plan.partitions.map((p) => [
      p.id,
      {
        site: p.site,
        month: p.month,
        level: p.level,
        product: p.product,
        status: 'complete',
        requestKey: p.requestKey,
        fetchedAt: '2026-05-01T00:00:00.000Z',
        rows: 10,
        contentHash: 'a'.repeat(64),
        ...overrides,
      },
    ]),
  );
}

describe('planPartitions', () => {
  it('splits sites by month with clipped days', () => {
    const plan = planPartitions(INPUT, new Map(), { now: NOW, horizonDays: 30 });

    assert.deepEqual(
      plan.partitions.map((p) => [p.id, p.from, p.to]),
      [
        ['Dakar/2024-01/20/all_points', '2024-01-15', '2024-01-31'],
        ['Dakar/2024-02/20/all_points', '2024-02-01', '2024-02-29'],
        ['Dakar/2024-03/20/all_points', '2024-03-01', '2024-03-10'],
        ['Ilorin/2024-01/20/all_points', '2024-01-15', '2024-01-31'],
        ['Ilorin/2024-02/20/all_points', '2024-02-01', '2024-02-29'],
        ['Ilorin/2024-03/20/all_points', '2024-03-01', '2024-03-10'],
      ],
    );
  });

  it('groups consecutive months per site', () => {
    const plan = planPartitions(INPUT, new Map(), { now: NOW, horizonDays: 30 });

    assert.deepEqual(
      plan.requests.map((r) => [r.site, r.from, r.to, r.partitions.length]),
      [
        ['Dakar', '2024-01-15', '2024-03-10', 3],
        ['Ilorin', '2024-01-15', '2024-03-10', 3],
      ],
    );
  });

  it('skips complete partitions past the horizon', () => {
    const plan = planPartitions(INPUT, completeStates(INPUT), { now: NOW, horizonDays: 30 });

    assert.equal(plan.current.length, 6);
    assert.deepEqual(plan.requests, []);
  });

  it('downloads partitions still inside the horizon', () => {
    const states = completeStates(INPUT, { fetchedAt: '2024-03-20T00:00:00.000Z' });
    const plan = planPartitions(INPUT, states, { now: NOW, horizonDays: 30 });

    assert.deepEqual(
      plan.requests.map((r) => [r.site, r.from, r.to]),
      [
        ['Dakar', '2024-02-01', '2024-03-10'],
        ['Ilorin', '2024-02-01', '2024-03-10'],
      ],
    );
  });

  it('never treats an empty answer as final', () => {
    const states = completeStates(INPUT, { status: 'empty', rows: 0, contentHash: null });
    const plan = planPartitions(INPUT, states, { now: NOW, horizonDays: 30 });

    assert.equal(plan.current.length, 0);
    assert.equal(plan.requests.length, 2);
  });

  it('downloads again when a request parameter changes', () => {
    const states = completeStates(INPUT);
    const moved = { ...INPUT, serviceUrl: 'http://127.0.0.1:2/print_web_data_v3' };
    const plan = planPartitions(moved, states, { now: NOW, horizonDays: 30 });

    assert.equal(plan.current.length, 0);
  });

  it('downloads everything on refresh', () => {
    const plan = planPartitions(INPUT, completeStates(INPUT), {
      now: NOW,
      horizonDays: 30,
      refresh: true,
    });

    assert.equal(plan.requests.length, 2);
  });

  it('limits months per request', () => {
    const year = { ...INPUT, sites: ['Dakar'], from: '2020-01-01', to: '2021-06-30' };
    const plan = planPartitions(year, new Map(), { now: NOW, horizonDays: 30 });

    assert.deepEqual(
      plan.requests.map((r) => [r.from, r.to]),
      [
        ['2020-01-01', '2020-12-31'],
        ['2021-01-01', '2021-06-30'],
      ],
    );
  });
});
