/**
 * Sorts input paths into AERONET data files and site lists by their first line, expanding
 * folders. Explicit files keep their order, and a folder adds its files sorted by name.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { NotFoundError } from '../errors.ts';
import { SITE_LIST_BANNER } from './site-catalog.ts';

export interface ClassifiedInputs {
  dataFiles: string[];
  catalogFiles: string[];
  /** Files of folders that are neither, left out. */
  skipped: string[];
}

type Kind = 'data' | 'catalog' | 'other';

const SNIFF_BYTES = 4096;
/** Extensions of download-tool files, read even when their first line is unexpected. */
const DATA_EXTENSIONS = new Set(['.lev10', '.lev15', '.lev20']);

/**
 * Classifies files and the files of folders (not recursive). A file named explicitly is a data
 * file unless it is a site list, so a bad file is rejected with its own message later. In a
 * folder, files that look like neither (a README, say) are left out.
 */
export async function classifyInputs(paths: string[]): Promise<ClassifiedInputs> {
  const result: ClassifiedInputs = { dataFiles: [], catalogFiles: [], skipped: [] };
  for (const path of paths) {
    const info = await statInput(path);
    const files = info.isDirectory() ? await listFolder(path) : [path];

    for (const file of files) {
      const kind = await sniff(file);
      if (kind === 'catalog') result.catalogFiles.push(file);
      else if (kind === 'data' || file === path) result.dataFiles.push(file);
      else result.skipped.push(file);
    }
  }
  return result;
}

async function statInput(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new NotFoundError(
      'AOD_INPUT_NOT_FOUND',
      'expected an AERONET file or a folder of them, got a path that does not exist; ' +
        'check the path (folders are read one level deep)',
      { file: path, cause: error },
    );
  }
}

async function listFolder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(folder, name));
}

// AERONET data files start with `AERONET Version 3;` (download tool) or
// `AERONET Data Download` (web service), and HTML-wrapped responses with a tag.
async function sniff(file: string): Promise<Kind> {
  const first = (await firstLine(file)).trimStart();
  if (first.startsWith(SITE_LIST_BANNER)) return 'catalog';
  if (first.startsWith('AERONET') || first.startsWith('<')) return 'data';
  return DATA_EXTENSIONS.has(extname(file).toLowerCase()) ? 'data' : 'other';
}

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, SNIFF_BYTES, 0);
    const text = new TextDecoder().decode(bytes.subarray(0, bytesRead));
    return text.split('\n', 1)[0]!.replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}
