/**
 * Hot queries are prepared once per connection (src/db/prepared.ts). What must still hold: each
 * connection reads its own database, a transaction's writes through a prepared statement roll
 * back with it, and a connection reopened after a restart works as the first one did.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getUser, grantRole, rememberName } from '../../src/db/users.js';
import { createTempDb, type TempDb } from '../helpers/db.js';

const NOW = Date.UTC(2026, 10, 29, 9, 0);
let a: TempDb;
let b: TempDb;

beforeEach(() => {
  a = createTempDb();
  b = createTempDb();
});
afterEach(() => {
  a.cleanup();
  b.cleanup();
});

describe('prepared queries', () => {
  it('each database is read through its own statement: one never answers with the other’s rows', () => {
    rememberName(a.db, { id: 7, name: 'Rina di A', username: null, now: NOW });
    rememberName(b.db, { id: 7, name: 'Budi di B', username: null, now: NOW });
    expect(getUser(a.db, 7)?.name).toBe('Rina di A');
    expect(getUser(b.db, 7)?.name).toBe('Budi di B');
    expect(getUser(a.db, 8)).toBeUndefined();
  });

  it('inside a transaction, the prepared statement sees its writes, and they roll back with it', () => {
    expect(() =>
      a.db.transaction((tx) => {
        grantRole(tx, { id: 9, role: 'moderator', by: 1, now: NOW });
        expect(getUser(tx, 9)?.isModerator).toBe(true);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(getUser(a.db, 9)).toBeUndefined();
  });

  it('a second connection to the same file (a restarted bot) reads what the first wrote', () => {
    rememberName(a.db, { id: 11, name: 'Sari', username: 'sari', now: NOW });
    expect(getUser(a.db, 11)?.username).toBe('sari');
    const again = a.reopen();
    expect(getUser(again, 11)).toMatchObject({ name: 'Sari', username: 'sari' });
  });
});
