import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHART_CONFIG } from '../../src/profile/chart-specs.ts';
import { CHART_PIXEL_RATIO, renderChart } from '../../src/profile/render-chart.ts';

test('renderChart returns a double-size PNG', async () => {
  const chart = await renderChart({
    config: CHART_CONFIG,
    width: 200,
    height: 100,
    title: 'Ångström exponent 440–870 nm',
    data: { values: [{ x: 1, y: 2 }] },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  });

  assert.deepEqual(chart.png.subarray(0, 4), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  assert.equal(chart.png.readUInt32BE(16), CHART_PIXEL_RATIO * chart.width);
  assert.equal(chart.png.readUInt32BE(20), CHART_PIXEL_RATIO * chart.height);
  assert.ok(chart.width > 200, `width ${chart.width} leaves no room for the axis`);
  assert.ok(chart.width < 300, `width ${chart.width} has a wide blank margin`);
});
