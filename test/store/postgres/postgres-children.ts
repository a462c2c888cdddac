/**
 * Starts `fixtures/postgres-child.ts` processes, releases them together and collects their
 * JSON output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from '../../support/paths.ts';

const CHILD_SCRIPT = join(REPO_ROOT, 'test/store/postgres/fixtures/postgres-child.ts');

interface Child {
  process: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TZ: 'UTC', AODFLOW_LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));

  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    child.on('exit', () => reject(new Error(`child exited before it was ready: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { process: child, ready, exited };
}

/**
 * Runs one child per argument list and releases them at the same moment once all are ready.
 * Returns each child's last output line parsed as JSON, in argument order.
 */
export async function runTogether(argLists: string[][]): Promise<Record<string, unknown>[]> {
  const children = argLists.map(startChild);
  await Promise.all(children.map((c) => c.ready));
  for (const child of children) child.process.stdin!.write('go\n');

  const results = await Promise.all(children.map((c) => c.exited));
  return results.map(({ code, stdout, stderr }) => {
    if (code !== 0) throw new Error(`child failed with exit code ${code}: ${stderr}`);
    const lines = stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  });
}
