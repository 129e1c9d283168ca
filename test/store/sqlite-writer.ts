/**
 * Run as a separate process by sqlite-store.test.ts: writes sessions and
 * races for claims on a shared file, then prints how many claims it won.
 * argv: <path> <keyBase64> <personPrefix> <count>
 */
import { pino } from 'pino';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { sampleSession } from './store-contract.ts';

const [path = '', keyBase64 = '', prefix = '', count = '0'] =
  process.argv.slice(2);
const store = createSqliteStore({
  path,
  cipher: createTokenCipher({ current: Buffer.from(keyBase64, 'base64') }),
  logger: pino({ level: 'silent' }),
});

let won = 0;
for (let i = 0; i < Number(count); i++) {
  await store.putSession(sampleSession(`${prefix}-${i}`));
  if (await store.claimOnce(`shared-${i}`, 60_000)) won++;
}
await store.close();
process.stdout.write(String(won));
