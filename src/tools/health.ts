/**
 * `npm run health`: prints the bot's health as JSON (src/services/health.ts) and exits 0 when it
 * is healthy (running, hearing from Telegram, database writable), 1 otherwise. For supervisors
 * and monitoring (a systemd timer, a cron job, a monitoring agent).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { checkHealth } from '../services/health.js';
import { readStatus, processAlive } from '../services/runtimeStatus.js';
import { toolEnv } from './env.js';

const env = toolEnv();
if (!fs.existsSync(env.databasePath)) {
  console.log(JSON.stringify({ ok: false, error: `no database at ${env.databasePath}` }));
  process.exit(1);
}
const status = readStatus(env.databasePath);
const db = new Database(env.databasePath, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
  const health = checkHealth(db, status && processAlive(status.pid) ? status : null, Date.now());
  console.log(JSON.stringify(health, null, 2));
  process.exitCode = health.ok ? 0 : 1;
} finally {
  db.close();
}
