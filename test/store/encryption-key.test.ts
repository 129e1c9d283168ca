import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  mkdtemp,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  KEY_FILE_NAME,
  resolveEncryptionKey,
} from '../../src/store/encryption-key.ts';
import { StoreConfigError } from '../../src/store/errors.ts';
import { captureLogger } from './capture-logger.ts';

describe('resolveEncryptionKey', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wxc-key-'));
  after(() => rm(root, { recursive: true, force: true }));

  it('uses a configured key of 32 bytes and writes no file', async () => {
    const key = randomBytes(32);
    const dataDir = join(root, 'configured');
    const resolved = await resolveEncryptionKey({
      configuredKeyBase64: key.toString('base64'),
      dataDir,
      logger: captureLogger().logger,
    });
    assert.deepEqual(resolved, key);
    await assert.rejects(stat(dataDir), { code: 'ENOENT' });
  });

  it('rejects a configured key of the wrong size, naming the fix', async () => {
    const bad = randomBytes(16).toString('base64');
    await assert.rejects(
      resolveEncryptionKey({
        configuredKeyBase64: bad,
        dataDir: root,
        logger: captureLogger().logger,
      }),
      (error: Error) =>
        error instanceof StoreConfigError &&
        /TOKEN_ENCRYPTION_KEY/.test(error.message) &&
        /openssl rand -base64 32/.test(error.message) &&
        !error.message.includes(bad),
    );
  });

  it('generates a private key file once, then reuses it', async () => {
    const dataDir = join(root, 'fresh', 'data');
    const log = captureLogger();
    const first = await resolveEncryptionKey({
      configuredKeyBase64: null,
      dataDir,
      logger: log.logger,
    });
    const path = join(dataDir, KEY_FILE_NAME);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(first.length, 32);

    const warning = log.lines.find((line) => line.level === 40);
    assert.ok(warning?.msg.includes(path));
    assert.ok(!log.text().includes(first.toString('base64')));

    const again = captureLogger();
    const second = await resolveEncryptionKey({
      configuredKeyBase64: null,
      dataDir,
      logger: again.logger,
    });
    assert.deepEqual(second, first);
    assert.equal(again.lines.length, 0);
  });

  it('warns when the key file is readable by others', async () => {
    const dataDir = join(root, 'loose');
    const logger = captureLogger().logger;
    await resolveEncryptionKey({ configuredKeyBase64: null, dataDir, logger });
    await chmod(join(dataDir, KEY_FILE_NAME), 0o644);

    const log = captureLogger();
    await resolveEncryptionKey({
      configuredKeyBase64: null,
      dataDir,
      logger: log.logger,
    });
    assert.match(String(log.lines[0]?.msg), /chmod 600/);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    const dataDir = join(root, 'damaged');
    const logger = captureLogger().logger;
    await resolveEncryptionKey({ configuredKeyBase64: null, dataDir, logger });
    const path = join(dataDir, KEY_FILE_NAME);
    await writeFile(path, 'not a key');

    await assert.rejects(
      resolveEncryptionKey({ configuredKeyBase64: null, dataDir, logger }),
      StoreConfigError,
    );
    assert.equal(await readFile(path, 'utf8'), 'not a key');
  });
});
