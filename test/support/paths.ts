import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Folder of real AERONET files: $AODFLOW_SAMPLE_DATA, else ../shared/data/aeronet. */
export const REAL_DATA_DIR =
  process.env.AODFLOW_SAMPLE_DATA ?? resolve(REPO_ROOT, '../shared/data/aeronet');

/** Folder of the Python reference pipeline: $AODFLOW_REFERENCE_DIR, else ../shared/anchors. */
export const REFERENCE_DIR =
  process.env.AODFLOW_REFERENCE_DIR ?? resolve(REPO_ROOT, '../shared/anchors');

export function realDataAvailable(): boolean {
  return existsSync(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'));
}

/** True when Debian's Python with pandas and scikit-learn is installed. */
export function pythonReferenceAvailable(): boolean {
  if (!existsSync(join(REFERENCE_DIR, 'reference.py'))) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import pandas, sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function tempDir(prefix = 'aodflow-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
