/**
 * The clock of the bot: runs jobs that derive due work from the database (deadline reminders,
 * overdue marks, the daily transparency post) now and then at a fixed interval. Jobs are
 * idempotent, so a missed tick or a restart only delays work, never loses or repeats it.
 */
import type { Logger } from '../logger.js';

export interface ScheduledJob {
  name: string;
  /** Runs once; returns true when it enqueued something for the outbox. */
  run: () => boolean;
}

/** Runs every job once (one tick); `onWork` is called when any of them enqueued messages. A failing job is logged. */
export function runJobs(jobs: ScheduledJob[], onWork: () => void, logger: Logger): void {
  let work = false;
  for (const job of jobs) {
    try {
      work = job.run() || work;
    } catch (err) {
      logger.error(`${job.name} failed`, { err });
    }
  }
  if (work) onWork();
}

/** Starts the jobs: a tick now, then one every `intervalMs`. Returns a stop function. */
export function startScheduler(
  jobs: ScheduledJob[],
  intervalMs: number,
  onWork: () => void,
  logger: Logger,
): () => void {
  const tick = () => runJobs(jobs, onWork, logger);
  tick();
  const timer = setInterval(tick, intervalMs);
  return () => clearInterval(timer);
}
