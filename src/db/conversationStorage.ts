/**
 * Persists @grammyjs/conversations state in SQLite so a restart mid-conversation loses nothing.
 * What reaches it was stripped by the public-only gate. When a form ends (sent, cancelled, timed
 * out) its row is deleted, overwritten by `secure_delete`, and the WAL is emptied, so the form
 * leaves no trace in the database files; a scrub that a reader blocked is retried every second for a
 * minute, and then on the next use.
 */
import type { VersionedState, VersionedStateStorage } from '@grammyjs/conversations';
import { eq, sql } from 'drizzle-orm';
import { scrubWal, type Db } from './connection.js';
import { preparedQuery } from './prepared.js';
import { conversationState } from './schema.js';

export function sqliteConversationStorage<S>(db: Db, now: () => number): VersionedStateStorage<string, S> {
  let scrubPending = false;
  let retry: NodeJS.Timeout | undefined;
  const scrub = (attempt = 0) => {
    scrubPending = !scrubWal(db);
    clearTimeout(retry);
    // A reader (a stats or export worker) blocks the checkpoint for a while: try again shortly.
    if (scrubPending && attempt < 60) retry = setTimeout(() => scrub(attempt + 1), 1000).unref();
  };
  return {
    read(key) {
      if (scrubPending) scrub();
      const row = stateByKey(db).get({ key });
      return row ? (JSON.parse(row.value) as VersionedState<S>) : undefined;
    },
    write(key, state) {
      const value = JSON.stringify(state);
      writeState(db).run({ key, value, updatedAt: now() });
    },
    delete(key) {
      deleteState(db).run({ key });
      scrub();
    },
  };
}

const stateByKey = preparedQuery((db) =>
  db
    .select()
    .from(conversationState)
    .where(eq(conversationState.key, sql.placeholder('key')))
    .prepare(),
);
const writeState = preparedQuery((db) =>
  db
    .insert(conversationState)
    .values({ key: sql.placeholder('key'), value: sql.placeholder('value'), updatedAt: sql.placeholder('updatedAt') })
    .onConflictDoUpdate({
      target: conversationState.key,
      set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare(),
);
const deleteState = preparedQuery((db) =>
  db
    .delete(conversationState)
    .where(eq(conversationState.key, sql.placeholder('key')))
    .prepare(),
);
