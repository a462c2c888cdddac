/**
 * Starts `fixtures/store-child.ts` in a separate Node process for multi-process store tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from '../support/paths.ts';

const CHILD_SCRIPT = join(REPO_ROOT, 'test/store/fixtures/store-child.ts');

export interface StoreChild {
  process: ChildProcess;
  /** Resolves when the process exits, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout contains `text`; rejects if the process exits first. */
  waitForOutput(text: string): Promise<void>;
  stdout(): string;
  stderr(): string;
}

export function startChild(args: string[], env: Record<string, string> = {}): StoreChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TZ: 'UTC', AODFLOW_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
    listeners.forEach((listener) => listener());
  });
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

  const waitForOutput = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (stdout.includes(text)) resolve();
      };
      listeners.add(check);
      check();
      void exited.then(() => {
        if (!stdout.includes(text)) {
          reject(new Error(`child exited before printing ${text}; stderr: ${stderr}`));
        }
      });
    });

  return { process: child, exited, waitForOutput, stdout: () => stdout, stderr: () => stderr };
}
