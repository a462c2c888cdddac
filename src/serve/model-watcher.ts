/**
 * The model a server predicts with, reloaded when `aodflow run` saves a new one. `latest.json`
 * is checked every few seconds and on demand (for SIGHUP), and a changed file is loaded in
 * place of the old model. A model that fails to load is logged and the old one kept.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { Logger } from '../logger.ts';
import type { ModelArtifact } from '../model/artifact.ts';
import { LATEST_FILE, loadModel } from '../model/registry.ts';

/** Time between two checks of latest.json. */
export const DEFAULT_RELOAD_INTERVAL_MS = 5000;

export interface ModelWatcherOptions {
  /** Folder of the model registry. */
  modelsDir: string;
  logger: Logger;
  /** Milliseconds between checks of latest.json; 0 turns polling off. @default 5000 */
  intervalMs?: number;
}

export class ModelWatcher {
  private model: ModelArtifact;
  /** Identity of the latest.json that `model` was loaded from. */
  private stamp: string | null;
  private readonly options: ModelWatcherOptions;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<boolean> | undefined;

  private constructor(options: ModelWatcherOptions, model: ModelArtifact, stamp: string | null) {
    this.options = options;
    this.model = model;
    this.stamp = stamp;
  }

  /**
   * Loads the latest model and starts polling. Rejects with NotFoundError AOD_MODEL_NOT_FOUND
   * when there is none.
   */
  static async start(options: ModelWatcherOptions): Promise<ModelWatcher> {
    const stamp = await latestStamp(options.modelsDir);
    const model = await loadModel(options.modelsDir);
    const watcher = new ModelWatcher(options, model, stamp);

    const intervalMs = options.intervalMs ?? DEFAULT_RELOAD_INTERVAL_MS;
    if (intervalMs > 0) {
      watcher.timer = setInterval(() => void watcher.check('poll'), intervalMs);
      watcher.timer.unref();
    }
    return watcher;
  }

  /** The model served now. */
  get current(): ModelArtifact {
    return this.model;
  }

  /**
   * Loads latest.json's model if the file changed since the last load, or always when `force`
   * is set. Resolves to true when the served model version changed. Never rejects.
   */
  check(trigger: string, force = false): Promise<boolean> {
    // Checks never overlap: a second caller waits for the first one's outcome.
    this.checking ??= this.reloadIfChanged(trigger, force).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async reloadIfChanged(trigger: string, force: boolean): Promise<boolean> {
    const { logger, modelsDir } = this.options;
    const servedVersion = this.model.modelVersion;
    try {
      const stamp = await latestStamp(modelsDir);
      if (!force && stamp === this.stamp) return false;
      // Kept even when the load fails, so a broken file is logged once, not at every poll.
      this.stamp = stamp;

      this.model = await loadModel(modelsDir);
    } catch (error) {
      logger.error(
        { err: error, modelVersion: servedVersion, trigger },
        'model reload failed, still serving the loaded model',
      );
      return false;
    }

    const modelVersion = this.model.modelVersion;
    if (modelVersion === servedVersion) return false;
    logger.info({ previousVersion: servedVersion, modelVersion, trigger }, 'model reloaded');
    return true;
  }
}

/**
 * Identity of latest.json: inode, modification time and size. The registry replaces the file
 * by rename, which gives it a new inode, so two saves within one mtime tick still differ.
 */
async function latestStamp(modelsDir: string): Promise<string | null> {
  try {
    const info = await stat(join(modelsDir, LATEST_FILE), { bigint: true });
    return `${info.ino}:${info.mtimeNs}:${info.size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
