/**
 * Login, sessions and logout. The cookie carries a random 256-bit token; the database keeps only
 * its SHA-256, so a leaked table cannot be replayed. Every failure answers the same LOGIN_FAILED
 * message (unknown user, wrong password, locked, disabled) so nothing is revealed to a guesser.
 */
import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { AppError } from '../../core/errors.ts';
import type { RegionCode } from '../../core/region-code.ts';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import * as users from '../users/repository.ts';
import { hashPassword } from '../users/service.ts';
import * as repo from './repository.ts';

export type AuthSettings = { idleMinutes: number; maxFailures: number; lockMinutes: number };
export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Verifying against this keeps unknown usernames as slow as wrong passwords. */
let dummyHash: Promise<string> | undefined;

export function actorOf(u: users.UserRecord): Actor {
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    regionCode: u.region_code as RegionCode,
    department: u.department,
  };
}

export async function login(
  db: Database,
  settings: AuthSettings,
  username: string,
  password: string,
  meta: RequestMeta,
): Promise<{ token: string; user: users.UserRecord }> {
  const user = await users.findByUsername(db, username);
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-Aa1!');
    await verify(await dummyHash, password);
    await db.transaction((tx) =>
      audit(
        tx,
        db.kind,
        { kind: 'system', name: 'auth' },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: null,
          result: 'failed',
          changes: { reason: 'unknown_user' },
          ip: meta.ip,
          requestId: meta.requestId,
        },
      ),
    );
    throw new AppError('LOGIN_FAILED');
  }
  const actor = actorOf(user);
  const locked = user.locked_until !== null && user.locked_until.getTime() > Date.now();
  const ok = !locked && !user.disabled && (await verify(user.password_hash, password));
  if (!ok) {
    await db.transaction(async (tx) => {
      const reason = locked ? 'locked' : user.disabled ? 'disabled' : 'bad_password';
      const after =
        reason === 'bad_password'
          ? await users.recordFailure(tx, user.id, settings.maxFailures, settings.lockMinutes)
          : { locked };
      await audit(tx, db.kind, actor, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
        regionCode: user.region_code,
        result: locked ? 'denied' : 'failed',
        changes: { reason, lockedNow: after.locked },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    });
    throw new AppError('LOGIN_FAILED');
  }
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    await users.recordSuccess(tx, user.id);
    await repo.insert(tx, tokenHash(token), user.id, meta.ip, meta.userAgent);
    await audit(tx, db.kind, actor, {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      regionCode: user.region_code,
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
  return { token, user };
}

/** Resolves a session cookie to its user; idle sessions end (SESSION_EXPIRED). */
export async function authenticate(
  db: Database,
  settings: AuthSettings,
  token: string | undefined,
): Promise<users.UserRecord> {
  if (!token) throw new AppError('UNAUTHENTICATED');
  const h = tokenHash(token);
  const s = await repo.find(db, h);
  if (!s || s.revoked_at) throw new AppError('UNAUTHENTICATED');
  if (s.idle_seconds > settings.idleMinutes * 60) {
    await repo.revoke(db, h);
    throw new AppError('SESSION_EXPIRED');
  }
  const user = await users.findById(db, s.user_id);
  if (!user || user.disabled) throw new AppError('UNAUTHENTICATED');
  // Touch at most every 30 s: the idle timeout needs no finer grain, and reads stay cheap.
  if (s.idle_seconds > 30) await repo.touch(db, h);
  return user;
}

export async function logout(db: Database, actor: Actor, token: string | undefined, meta: RequestMeta) {
  if (!token) return;
  await db.transaction(async (tx) => {
    await repo.revoke(tx, tokenHash(token));
    await audit(tx, db.kind, actor, {
      action: 'auth.logout',
      objectType: 'user',
      objectId: actor.kind === 'user' ? actor.userId : null,
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
}
