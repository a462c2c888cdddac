import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as vega from 'vega';
import { compile } from 'vega-lite';

import { shareTimeAxis, timeSeriesSpec } from '../../src/profile/site-chart-specs.ts';
import type { SeriesPoint } from '../../src/profile/site-series.ts';

const DAY_MS = 86_400_000;

/** Daily points from `start` (YYYY-MM-DD) with the given means. */
function daily(start: string, means: number[]): SeriesPoint[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return means.map((mean, k) => ({ time: first + k * DAY_MS, mean }));
}

/** The parts of a vega scenegraph item this test reads: its scales and its children. */
interface SceneItem {
  context?: { scales?: Record<string, unknown> };
  items?: SceneItem[];
}

/** Domains of every scale named `name` in the rendered view, in panel order. */
async function scaleDomains(spec: ReturnType<typeof timeSeriesSpec>, name: string) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await view.runAsync();
  const domains: unknown[][] = [];
  const walk = (item: SceneItem): void => {
    const scale = item.context?.scales?.[name] as { value: { domain(): unknown[] } } | undefined;
    if (scale !== undefined) domains.push(scale.value.domain());
    for (const child of item.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: SceneItem }).root);
  view.finalize();
  return domains;
}

describe('shareTimeAxis', () => {
  it('shares an axis for overlapping records', () => {
    const series = [
      { points: daily('2023-01-01', new Array(300).fill(0.2)) },
      { points: daily('2023-03-01', new Array(200).fill(0.2)) },
    ];

    assert.equal(shareTimeAxis(series), true);
  });

  it('splits axes when a record is a sliver', () => {
    const series = [
      { points: daily('2000-06-01', new Array(13).fill(0.01)) },
      { points: daily('2023-05-31', new Array(500).fill(0.1)) },
    ];

    assert.equal(shareTimeAxis(series), false);
  });

  it('shares the axis of one site', () => {
    assert.equal(shareTimeAxis([{ points: daily('2023-01-01', [0.1]) }]), true);
  });
});

describe('timeSeriesSpec', () => {
  it('puts each peak below a labelled top', async () => {
    const spec = timeSeriesSpec('AOD', 'day', [
      { site: 'Dakar', points: daily('2023-01-01', [0.4, 1.751, 0.3]) },
      { site: 'Nairobi', points: daily('2023-01-01', [0.2, 0.579, 0.1]) },
    ]);

    const domains = await scaleDomains(spec, 'child_y');
    const tops = [...new Set(domains.map((domain) => domain[1]))];

    assert.deepEqual(tops, [2, 0.6]);
  });

  it('gives slivers their own time axis', async () => {
    const mauna = daily('2000-06-01', [0.01, 0.02]);
    const turlock = daily('2023-05-31', new Array(400).fill(0.1));

    const spec = timeSeriesSpec(
      'AOD',
      'day',
      [
        { site: 'Mauna_Loa', points: mauna },
        { site: 'Turlock_CA_USA', points: turlock },
      ],
      false,
    );
    const domains = await scaleDomains(spec, 'child_x');
    const starts = [...new Set(domains.map((domain) => (domain[0] as Date).toISOString()))];
    const sites = (spec.data as { values: { site: string }[] }).values.map((v) => v.site);

    assert.deepEqual(starts, ['2000-06-01T00:00:00.000Z', '2023-05-31T00:00:00.000Z']);
    assert.deepEqual(
      [...new Set(sites)],
      ['Mauna_Loa, 2000-06-01 to 2000-06-02', 'Turlock_CA_USA, 2023-05-31 to 2024-07-03'],
    );
  });
});
