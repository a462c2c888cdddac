import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { listenError } from '../../src/cli/serve-command.ts';
import { exitCodeFor } from '../../src/cli/exit-code.ts';
import { AodflowError } from '../../src/errors.ts';
import { fitModel } from '../../src/model/fit-model.ts';
import { saveModel } from '../../src/model/registry.ts';
import { syntheticTable } from '../model/fixtures.ts';
import { tempDir } from '../support/paths.ts';
import { runCli, startCli } from './cli-process.ts';

async function saveFit(modelsDir: string, createdAt: string): Promise<string> {
  const { table } = syntheticTable({ sites: 3, rows: 200, noise: 0.2 });
  const { artifact } = fitModel(table, { createdAt: new Date(createdAt) });
  await saveModel(modelsDir, artifact);
  return artifact.modelVersion;
}

async function healthVersion(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/health`);
  return ((await response.json()) as { model_version: string }).model_version;
}

describe('aodflow serve', () => {
  it('reloads the model on SIGHUP', async () => {
    const dataDir = join(await tempDir(), 'data');
    const modelsDir = join(dataDir, 'models');
    const first = await saveFit(modelsDir, '2026-03-01T12:00:00Z');
    const cli = startCli(
      ['serve', '--port', '0', '--data-dir', dataDir, '--reload-interval-ms', '0'],
      { AODFLOW_LOG_LEVEL: 'silent' },
    );
    try {
      await cli.waitForStderr('(docs at');
      const baseUrl = /serving on (http:\/\/\S+)/.exec(cli.stderr())![1]!;
      assert.equal(await healthVersion(baseUrl), first);

      const second = await saveFit(modelsDir, '2026-03-02T12:00:00Z');
      cli.child.kill('SIGHUP');
      let version = first;
      for (let attempt = 0; attempt < 200 && version !== second; attempt++) {
        await sleep(10);
        version = await healthVersion(baseUrl);
      }

      assert.equal(version, second);
    } finally {
      cli.child.kill('SIGTERM');
      assert.equal((await cli.result).code, 0);
    }
  });
});

describe('aodflow serve listen errors', () => {
  it('reports a port in use', async () => {
    const dataDir = join(await tempDir(), 'data');
    await saveFit(join(dataDir, 'models'), '2026-03-01T12:00:00Z');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const result = await runCli(['serve', '--port', String(port), '--data-dir', dataDir], {
        AODFLOW_LOG_LEVEL: 'silent',
      });

      assert.equal(
        result.stderr,
        `aodflow: AOD_PORT_IN_USE: cannot listen on 127.0.0.1:${port}: the port is already in ` +
          'use by another process; choose another with --port (0 picks a free one), ' +
          'or stop that process\n',
      );
      assert.equal(result.code, 1);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  function errnoError(code: string, message: string): NodeJS.ErrnoException {
    return Object.assign(new Error(message), { code, syscall: 'listen' });
  }

  function codedError(error: unknown): AodflowError {
    assert.ok(error instanceof AodflowError);
    return error;
  }

  it('brackets an IPv6 host', () => {
    const cause = errnoError('EADDRINUSE', 'listen EADDRINUSE: address already in use ::1:8000');
    const error = codedError(listenError(cause, '::1', 8000));

    assert.equal(error.code, 'AOD_PORT_IN_USE');
    assert.match(error.message, /^cannot listen on \[::1\]:8000: the port is already in use/);
    assert.equal(error.cause, cause);
    assert.equal(exitCodeFor(error), 1);
  });

  it('rejects a privileged port', () => {
    const cause = errnoError('EACCES', 'listen EACCES: permission denied 127.0.0.1:80');
    const error = codedError(listenError(cause, '127.0.0.1', 80));

    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(
      error.message,
      '--port 80: permission denied to listen on 127.0.0.1:80; ' +
        'choose a port from 1024 up, or 0 for a free one',
    );
    assert.equal(exitCodeFor(error), 2);
  });

  it('rejects a denied high port', () => {
    const cause = errnoError('EACCES', 'listen EACCES: permission denied 127.0.0.1:8000');
    const error = codedError(listenError(cause, '127.0.0.1', 8000));

    assert.equal(error.message, '--port 8000: permission denied to listen on 127.0.0.1:8000');
  });

  it('rejects a host of another machine', () => {
    const cause = errnoError('EADDRNOTAVAIL', 'listen EADDRNOTAVAIL: address not available');
    const error = codedError(listenError(cause, '192.0.2.1', 8000));

    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(
      error.message,
      '--host: expected an address of this machine, got "192.0.2.1"; ' +
        'use 127.0.0.1 for this machine only, or 0.0.0.0 for every interface',
    );
    assert.equal(exitCodeFor(error), 2);
  });

  it('rejects an unresolvable host name', () => {
    const cause = errnoError('ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid');
    const error = codedError(listenError(cause, 'no-such-host.invalid', 8000));

    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(
      error.message,
      '--host: expected an IP address or a host name that resolves, got "no-such-host.invalid"',
    );
  });

  it('passes other errors through', () => {
    const cause = errnoError('EMFILE', 'listen EMFILE: too many open files');

    assert.equal(listenError(cause, '127.0.0.1', 8000), cause);
  });
});
