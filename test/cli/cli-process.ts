/**
 * Runs `bin/aodflow.js` as a child process, the way a user runs it, and small AERONET inputs
 * for it: sample files with a cut last line, a malformed number and a stray text file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { writeSampleFiles } from '../../src/ingest/sample/write-sample-files.ts';
import { REPO_ROOT } from '../support/paths.ts';

const BIN = join(REPO_ROOT, 'bin/aodflow.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves once stderr contains `text`; rejects when the process exits first. */
  waitForStderr(text: string): Promise<void>;
  /** Everything written to stderr so far. */
  stderr(): string;
  result: Promise<CliResult>;
}

/** Starts `aodflow <args>` with `TZ=UTC` and no AODFLOW_* variables but those in `env`. */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...withoutAodflowVariables(process.env), TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr!.on('data', (data: Buffer) => {
    stderr += data.toString();
    listeners.forEach((listener) => listener());
  });
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

  const waitForStderr = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (stderr.includes(text)) resolve();
      };
      listeners.add(check);
      check();
      void result.then(() => {
        if (!stderr.includes(text)) reject(new Error(`exited before printing ${text}: ${stderr}`));
      });
    });

  return { child, waitForStderr, stderr: () => stderr, result };
}

/** Runs `aodflow <args>` to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}

function withoutAodflowVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AODFLOW_')));
}

export interface FlawedInputs {
  folder: string;
  /** The file whose last line is cut, and that line's number. */
  cutFile: string;
  cutLine: number;
  /** The file with a malformed AOD_1020nm value, and its line number. */
  malformedFile: string;
  malformedLine: number;
  /** Data rows in the folder's files, the quarantined ones included. */
  rows: number;
}

/**
 * Writes two months of synthetic Dakar and Mongu files into `folder`, then cuts Dakar's last
 * line short, writes `0.1x2` into a Mongu AOD_1020nm cell and adds a `notes.txt`.
 */
export async function writeFlawedInputs(folder: string): Promise<FlawedInputs> {
  const sample = await writeSampleFiles(folder, {
    sites: ['Dakar', 'Mongu'],
    from: '2023-01-01',
    to: '2023-02-28',
  });
  const [cutFile, malformedFile] = sample.files as [string, string];

  const cutText = await readFile(cutFile, 'utf8');
  const cutLines = cutText.trimEnd().split('\n');
  const last = cutLines.pop()!;
  await writeFile(cutFile, [...cutLines, last.slice(0, 60)].join('\n'));

  const malformedLines = (await readFile(malformedFile, 'utf8')).split('\n');
  const malformedIndex = 10;
  const fields = malformedLines[malformedIndex]!.split(',');
  fields[5] = '0.1x2';
  malformedLines[malformedIndex] = fields.join(',');
  await writeFile(malformedFile, malformedLines.join('\n'));

  await writeFile(join(folder, 'notes.txt'), 'downloaded from AERONET on 2024-05-01\n');
  return {
    folder,
    cutFile,
    cutLine: cutLines.length + 1,
    malformedFile,
    malformedLine: malformedIndex + 1,
    rows: sample.rows,
  };
}
