import type { Queryable } from '../../db/types.ts';
import type { Role } from '../access/actor.ts';

export type UserRecord = {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  region_code: string;
  department: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
  version: number;
};

const COLUMNS =
  'id, username, display_name, password_hash, role, region_code, department, failed_logins, locked_until, disabled, version';

export async function findByUsername(q: Queryable, username: string): Promise<UserRecord | undefined> {
  const [r] = await q.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  return r;
}

export async function findById(q: Queryable, id: string): Promise<UserRecord | undefined> {
  const [r] = await q.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return r;
}

export async function insert(
  q: Queryable,
  u: Pick<UserRecord, 'username' | 'display_name' | 'password_hash' | 'role' | 'region_code' | 'department'>,
): Promise<UserRecord> {
  const [r] = await q.query<UserRecord>(
    `INSERT INTO users (username, display_name, password_hash, role, region_code, department)
     VALUES ($1,$2,$3,$4,$5,$6) RETURNING ${COLUMNS}`,
    [u.username, u.display_name, u.password_hash, u.role, u.region_code, u.department],
  );
  return r!;
}

export async function listInRange(
  q: Queryable,
  lo: string,
  hi: string,
  limit: number,
  offset: number,
): Promise<{ rows: UserRecord[]; total: number }> {
  const rows = await q.query<UserRecord>(
    `SELECT ${COLUMNS} FROM users WHERE region_code BETWEEN $1 AND $2 ORDER BY region_code, username LIMIT $3 OFFSET $4`,
    [lo, hi, limit, offset],
  );
  const [c] = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM users WHERE region_code BETWEEN $1 AND $2',
    [lo, hi],
  );
  return { rows, total: c!.n };
}

export async function recordFailure(
  q: Queryable,
  id: string,
  maxFailures: number,
  lockMinutes: number,
): Promise<{ locked: boolean }> {
  const [r] = await q.query<{ failed_logins: number; locked: boolean }>(
    `UPDATE users SET
       failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE id = $1 RETURNING failed_logins, (locked_until > now()) AS locked`,
    [id, maxFailures, lockMinutes],
  );
  return { locked: Boolean(r?.locked) };
}

export async function recordSuccess(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
}

export async function countAll(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return r!.n;
}
