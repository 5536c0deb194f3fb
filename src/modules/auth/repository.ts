import type { Queryable } from '../../db/types.ts';

export type SessionRecord = {
  token_hash: string;
  user_id: string;
  last_seen_at: Date;
  revoked_at: Date | null;
  idle_seconds: number;
};

export async function insert(
  q: Queryable,
  tokenHash: string,
  userId: string,
  ip: string | null,
  ua: string | null,
) {
  await q.query('INSERT INTO sessions (token_hash, user_id, ip, user_agent) VALUES ($1,$2,$3,$4)', [
    tokenHash,
    userId,
    ip,
    ua?.slice(0, 300) ?? null,
  ]);
}

export async function find(q: Queryable, tokenHash: string): Promise<SessionRecord | undefined> {
  const [r] = await q.query<SessionRecord>(
    `SELECT token_hash, user_id, last_seen_at, revoked_at,
       EXTRACT(EPOCH FROM (now() - last_seen_at))::float8 AS idle_seconds
     FROM sessions WHERE token_hash = $1`,
    [tokenHash],
  );
  return r;
}

export async function touch(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
}

export async function revoke(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [
    tokenHash,
  ]);
}

export async function revokeAllForUser(q: Queryable, userId: string): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}
