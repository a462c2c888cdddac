/** Vega-Lite specs of the per-variable charts: histograms and the correlation heatmap. */
import type { TopLevelSpec } from 'vega-lite';
import type { HistogramBin } from './histogram.ts';
import { CHART_FONT } from './render-chart.ts';

/** Shared look of every chart: one font, quiet axes, titles left-aligned. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: { top: 14, right: 14, bottom: 10, left: 10 },
  view: { stroke: null },
  title: { fontSize: 14, anchor: 'start', offset: 12, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: '#333',
    labelColor: '#333',
    gridColor: '#e6e6e6',
    domainColor: '#888',
    tickColor: '#888',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;

/** Bar colour shared by the histograms and the time series. */
export const PRIMARY_COLOR = '#3b6ea5';

/** Histogram of pre-counted bins of one variable. */
export function histogramSpec(label: string, bins: HistogramBin[]): TopLevelSpec {
  return {
    config: CHART_CONFIG,
    title: label,
    width: 420,
    height: 200,
    data: { values: bins },
    mark: { type: 'bar', color: PRIMARY_COLOR, binSpacing: 0.5 },
    encoding: {
      x: {
        field: 'start',
        type: 'quantitative',
        bin: { binned: true },
        title: null,
        axis: { labelOverlap: true, tickCount: 8 },
      },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'Observations', axis: { format: ',d' } },
    },
  };
}

/** Heatmap of a Pearson correlation matrix with r printed in each cell. */
export function correlationSpec(variables: string[], matrix: number[][]): TopLevelSpec {
  const cells = variables.flatMap((row, i) =>
    variables.map((column, j) => {
      const r = matrix[i]![j]!;
      return {
        row,
        column,
        r: Number.isNaN(r) ? null : r,
        text: Number.isNaN(r) ? '–' : r.toFixed(2),
      };
    }),
  );
  const side = Math.max(240, 34 * variables.length);

  return {
    config: CHART_CONFIG,
    title: { text: 'Pearson correlation', subtitle: 'Pairwise-complete observations' },
    width: side,
    height: side,
    data: { values: cells },
    encoding: {
      x: {
        field: 'column',
        type: 'nominal',
        sort: variables,
        title: null,
        axis: { labelAngle: -45, labelAlign: 'right', orient: 'bottom' },
      },
      y: { field: 'row', type: 'nominal', sort: variables, title: null },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'r',
            type: 'quantitative',
            scale: { scheme: 'redblue', domain: [-1, 1] },
            title: 'r',
            legend: { gradientLength: Math.min(side, 240) },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'text' },
          color: {
            condition: { test: 'datum.r !== null && abs(datum.r) > 0.6', value: 'white' },
            value: '#222',
          },
        },
      },
    ],
  };
}
