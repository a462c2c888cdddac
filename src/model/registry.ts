/**
 * The model registry: one JSON file per model version in a folder, plus `latest.json`, which
 * names the version `aodflow serve` loads by default. Both are replaced atomically
 * (temporary file, then rename), so a reader never sees a half-written file.
 */
import { readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { BadInputError, NotFoundError } from '../errors.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { assertModelArtifact, type ModelArtifact } from './artifact.ts';

export const LATEST_FILE = 'latest.json';

const VERSION_PATTERN = /^[A-Za-z0-9._-]+$/;

/** The content of `latest.json`. */
export interface LatestPointer {
  modelVersion: string;
  /** File name of the artifact, in the same folder. */
  file: string;
  savedAt: string;
}

export interface ModelSummary {
  modelVersion: string;
  createdAt: string;
  target: ModelArtifact['target'];
  rowsTrain: number;
  /** R2 on the test rows; null when there were fewer than two. */
  r2: number | null;
  latest: boolean;
  path: string;
}

/** Writes `artifact` to `modelsDir` and points latest.json at it; returns the file path. */
export async function saveModel(modelsDir: string, artifact: ModelArtifact): Promise<string> {
  assertModelArtifact(artifact, artifact.modelVersion);
  await mkdir(modelsDir, { recursive: true });

  const file = artifactFile(artifact.modelVersion);
  const path = join(modelsDir, file);
  await writeFileAtomic(path, `${JSON.stringify(artifact, null, 2)}\n`);

  const pointer: LatestPointer = {
    modelVersion: artifact.modelVersion,
    file,
    savedAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(modelsDir, LATEST_FILE), `${JSON.stringify(pointer, null, 2)}\n`);
  return path;
}

/**
 * Loads model `version`, or the one latest.json names. Throws NotFoundError
 * AOD_MODEL_NOT_FOUND when there is none and BadInputError AOD_MODEL_INVALID when the file
 * does not match the artifact schema.
 */
export async function loadModel(modelsDir: string, version?: string): Promise<ModelArtifact> {
  const modelVersion = version ?? (await readLatest(modelsDir)).modelVersion;
  const path = join(modelsDir, artifactFile(modelVersion));
  const text = await readIfPresent(path);
  if (text === undefined) {
    const known = (await listVersions(modelsDir)).join(', ') || 'none';
    throw new NotFoundError(
      'AOD_MODEL_NOT_FOUND',
      `model version ${modelVersion} not found in ${modelsDir} (versions there: ${known}); run \`aodflow run\` first to fit one`,
    );
  }

  const artifact = parseJson(text, path);
  assertModelArtifact(artifact, path);
  return artifact;
}

/** Summaries of the saved models, oldest first; empty when the folder does not exist. */
export async function listModels(modelsDir: string): Promise<ModelSummary[]> {
  const latest = await readLatest(modelsDir).catch(() => undefined);
  const summaries: ModelSummary[] = [];
  for (const modelVersion of await listVersions(modelsDir)) {
    const path = join(modelsDir, artifactFile(modelVersion));
    const artifact = parseJson((await readIfPresent(path)) ?? 'null', path);
    assertModelArtifact(artifact, path);
    summaries.push({
      modelVersion,
      createdAt: artifact.createdAt,
      target: artifact.target,
      rowsTrain: artifact.metrics.rowsTrain,
      r2: artifact.metrics.r2,
      latest: latest?.modelVersion === modelVersion,
      path,
    });
  }
  return summaries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function readLatest(modelsDir: string): Promise<LatestPointer> {
  const path = join(modelsDir, LATEST_FILE);
  const text = await readIfPresent(path);
  if (text === undefined) {
    throw new NotFoundError(
      'AOD_MODEL_NOT_FOUND',
      `no fitted model in ${modelsDir} (${LATEST_FILE} not found); run \`aodflow run\` first to fit one`,
    );
  }

  const pointer = parseJson(text, path) as Partial<LatestPointer> | null;
  if (typeof pointer?.modelVersion !== 'string') {
    throw new BadInputError(
      'AOD_MODEL_INVALID',
      `${LATEST_FILE}: expected an object with a string modelVersion, got ${text.slice(0, 80)}`,
      { file: path },
    );
  }
  return pointer as LatestPointer;
}

async function listVersions(modelsDir: string): Promise<string[]> {
  const names = await readdir(modelsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names
    .filter((name) => name.endsWith('.json') && name !== LATEST_FILE && !name.startsWith('.'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

/** File name of a model version; rejects names that could leave the folder. */
function artifactFile(modelVersion: string): string {
  if (!VERSION_PATTERN.test(modelVersion) || modelVersion.startsWith('.')) {
    throw new NotFoundError(
      'AOD_MODEL_NOT_FOUND',
      `model version ${JSON.stringify(modelVersion)} not found: a model version has only letters, digits, '.', '_' and '-' and does not start with '.'`,
    );
  }
  return `${modelVersion}.json`;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadInputError(
      'AOD_MODEL_INVALID',
      `model file is not valid JSON: ${(error as Error).message}`,
      { file: path, cause: error },
    );
  }
}
