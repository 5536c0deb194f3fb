/** Key rotation: every ID number re-encrypted and re-indexed under the new keys, readable with them alone. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeHousehold } from '../../../test/helpers/registry-factory.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { blindIndex, decryptId, generateKeys, kidHexOf } from '../../core/crypto.ts';
import { rekeyPersons } from './rekey.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
});
afterAll(() => db.dispose());

it('re-encrypts under the new SM4 key and re-indexes under the new index key', async () => {
  const old = generateKeys();
  const made = await makeHousehold(db, old, { village: '500230101201', members: [{}, {}, {}] });
  const fresh = generateKeys();
  const n = await rekeyPersons(db, { ...fresh, previousId: [old.id] });
  expect(n).toBe(3);
  const rows = await db.query<{ id_cipher: Uint8Array; id_index: Uint8Array }>(
    'SELECT id_cipher, id_index FROM persons ORDER BY id',
  );
  expect(rows.map((r) => decryptId(fresh, r.id_cipher))).toEqual(made.idNumbers);
  expect(rows.every((r) => kidHexOf(r.id_cipher) === fresh.id.kid.toString('hex'))).toBe(true);
  expect(rows.map((r) => Buffer.from(r.id_index).toString('hex'))).toEqual(
    made.idNumbers.map((id) => blindIndex(fresh, id).toString('hex')),
  );
  // Running it again is harmless.
  expect(await rekeyPersons(db, fresh)).toBe(3);
  const [again] = await db.query<{ id_cipher: Uint8Array }>(
    'SELECT id_cipher FROM persons ORDER BY id LIMIT 1',
  );
  expect(decryptId(fresh, again!.id_cipher)).toBe(made.idNumbers[0]);
});
