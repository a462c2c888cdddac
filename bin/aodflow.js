#!/usr/bin/env node
// Entry point of the `aodflow` command: runs the CLI compiled to dist/ by `npm run build`,
// which `npm ci` and `npm install` run. Plain Node, without a TypeScript loader, starts faster
// and with less memory.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('aodflow: dist/cli/main.js is missing; run `npm run build` in the aodflow folder');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(main.href);
