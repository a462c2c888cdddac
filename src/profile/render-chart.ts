/**
 * Renders a Vega-Lite spec to PNG on the server: vega-lite compiles it, vega draws it as SVG
 * without a browser, and resvg rasterizes the SVG with the DejaVu Sans files from the
 * `dejavu-fonts-ttf` package, so text looks the same on every machine whatever fonts it has.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { measureText, readAdvanceWidths } from './font-metrics.ts';

/** Font family of every chart, which must match the font files given to resvg. */
export const CHART_FONT = 'DejaVu Sans';

/** PNG pixels per SVG pixel, so charts stay sharp on high-density screens. */
export const CHART_PIXEL_RATIO = 2;

/** A rendered chart, with `width` and `height` in CSS pixels. */
export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

const require = createRequire(import.meta.url);
const fontDirectory = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR_FONT = join(fontDirectory, 'DejaVuSans.ttf');
const BOLD_FONT = join(fontDirectory, 'DejaVuSans-Bold.ttf');
const FONT_FILES = [REGULAR_FONT, BOLD_FONT];

/** The text item fields vega passes to `textMetrics.width`. */
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

interface VegaTextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}

useDejaVuTextMetrics();

/**
 * Makes vega lay out text with DejaVu Sans advance widths. Without a canvas package vega guesses
 * 0.8 em per character, which leaves wide blank margins and lets rotated labels push charts
 * apart. vega-scenegraph 5 calls a user-defined `textMetrics.width` wherever it measures text
 * (its source names vl-convert as such a user). The setting affects every vega view in the
 * process.
 */
function useDejaVuTextMetrics(): void {
  const regular = readAdvanceWidths(readFileSync(REGULAR_FONT), REGULAR_FONT);
  const bold = readAdvanceWidths(readFileSync(BOLD_FONT), BOLD_FONT);
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;

  metrics.width = (item, text) => {
    const value = text === null || text === undefined ? '' : String(text).trim();
    const fontSize = item.fontSize ?? 11;
    return measureText(value, fontSize, isBold(item.fontWeight) ? bold : regular);
  };
}

function isBold(weight: string | number | undefined): boolean {
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

/** Compiles and renders `spec` to a PNG at `CHART_PIXEL_RATIO` times its size. */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = withSvgNamespace(await view.toSVG());
  view.finalize();

  const image = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    fitTo: { mode: 'zoom', value: CHART_PIXEL_RATIO },
  }).render();
  const rendered = {
    png: image.asPng(),
    width: Math.round(image.width / CHART_PIXEL_RATIO),
    height: Math.round(image.height / CHART_PIXEL_RATIO),
  };

  // resvg's pixel buffer (46 MB for a chart of 24 site panels) lives outside the JavaScript heap
  // and is freed by a finalizer, which runs only when the event loop turns. Charts rendered back
  // to back would otherwise pile up their buffers: eight such charts took 0.5 GB.
  await setImmediate();
  return rendered;
}

// resvg rejects an SVG whose root lacks the SVG namespace. vega 6 writes it, and this keeps a
// future vega that omits it from failing every chart.
function withSvgNamespace(svg: string): string {
  if (/^<svg[^>]*\sxmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svg)) return svg;
  return svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
}
