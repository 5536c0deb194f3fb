/**
 * Key rotation: re-encrypts every stored ID number under the current SM4 key and recomputes its blind
 * index under the current index key. The previous SM4 key must be among `keys.previousId` so old
 * values can be read. Works in batches of its own transactions; running it again is harmless.
 */
import { blindIndex, decryptId, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import type { Database } from '../../db/types.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { audit } from '../audit/service.ts';

const BATCH = 5000;

export async function rekeyPersons(
  db: Database,
  keys: RegistryKeys,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const [t] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM persons');
  const total = t!.n;
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = await db.query<{ id: number; id_cipher: Uint8Array }>(
      'SELECT id, id_cipher FROM persons WHERE id > $1 ORDER BY id LIMIT $2',
      [after, BATCH],
    );
    if (rows.length === 0) break;
    const ids = rows.map((r) => decryptId(keys, r.id_cipher));
    const ciphers = encryptIds(keys, ids);
    const indexes = ids.map((id) => blindIndex(keys, id));
    await db.transaction(async (tx) => {
      await tx.query(
        `UPDATE persons p SET id_cipher = decode(v.c, 'hex'), id_index = decode(v.i, 'hex')
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, c, i) WHERE p.id = v.id`,
        [rows.map((r) => r.id), ciphers.map((c) => c.toString('hex')), indexes.map((i) => i.toString('hex'))],
      );
    });
    after = rows[rows.length - 1]!.id;
    done += rows.length;
    onProgress?.(done, total);
  }
  await db.transaction((tx) =>
    audit(tx, db.kind, SYSTEM_ACTOR, {
      action: 'registry.rekey',
      objectType: 'registry',
      changes: { persons: done, idKey: keys.id.kid.toString('hex') },
    }),
  );
  return done;
}
