/**
 * Runs removal verification probes as they fall due (the schedule is in SQLite: a restart loses
 * none and repeats none). Probes are the lowest priority of all Bot API work: each call takes a
 * token from the outbox's own rate limiter only while the overall budget keeps a reserve for
 * cards, notices and reminders, and a forward into the vault also counts against the vault's
 * per-chat limit (given back when nothing was posted). Due probes run in order of due time, one at
 * a time, so ten thousand taken-down items are spread out instead of fired at once.
 */
import type { Api } from 'grammy';
import { noteChannelTitle } from '../../db/channels.js';
import { dueProbes, nextProbeDue, type DueProbe } from '../../db/verifications.js';
import { combineVerdicts, type ProbeVerdict } from '../../domain/verification.js';
import type { Logger } from '../../logger.js';
import { recordProbe } from '../../services/verification.js';
import type { CaseServiceDeps } from '../../services/caseRouting.js';
import type { RateLimiter } from '../delivery/rateLimiter.js';
import { probeMethods, type ProbeMethod } from './methods.js';
import type { VerifyMethod } from '../../config.js';

export interface ProberDeps extends CaseServiceDeps {
  api: Api;
  logger: Logger;
  /** Shared with the outbox, so both stay inside Telegram's limits together. */
  limiter: RateLimiter;
  /** Called when a probe enqueued messages (the outbox is woken). */
  onWork: () => void;
  /** Global tokens always left to the outbox (default 10 of Telegram's 30 a second). */
  reserve?: number;
  fetcher?: typeof fetch;
}

/** Due probes read per pass. */
const PASS = 200;

export class VerificationProber {
  private readonly methods: Array<{ name: VerifyMethod; run: ProbeMethod }>;
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  /** Probes recorded since start (for the bench and the log). */
  probed = 0;

  constructor(private readonly deps: ProberDeps) {
    const v = deps.config.verify;
    this.methods = probeMethods(v.methods, {
      api: deps.api,
      vaultChatId: deps.config.evidenceChatId,
      webRoot: v.webPreviewRoot,
      webTimeoutMs: v.webTimeoutMs,
      fetcher: deps.fetcher,
    });
  }

  start(): void {
    if (this.running || this.methods.length === 0) return;
    this.running = true;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wakeUp?.();
    await this.loopDone;
    this.running = false;
  }

  /** Looks for due probes now (a Turunkan, the scheduler's tick). */
  wake(): void {
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let waitMs = 1_000;
      try {
        const done = await this.pass();
        if (done > 0) continue;
        const next = nextProbeDue(this.deps.db);
        if (next !== null) waitMs = Math.min(waitMs, Math.max(20, next - this.deps.now()));
      } catch (err) {
        this.deps.logger.error('verification pass failed', { err });
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** Probes what is due now; returns how many were recorded. */
  async pass(): Promise<number> {
    const due = dueProbes(this.deps.db, this.deps.now(), PASS);
    let done = 0;
    for (const target of due) {
      if (this.stopping) break;
      const { verdict, title } = await this.probe(target);
      if (title) noteChannelTitle(this.deps.db, target.username, title, this.deps.now());
      const r = recordProbe(this.deps, target.caseId, verdict);
      if (r.enqueued) this.deps.onWork();
      done++;
      this.probed++;
    }
    return done;
  }

  /** The enabled methods in order until one can tell; each call waits for a spare rate-limit token. */
  private async probe(target: DueProbe): Promise<{ verdict: ProbeVerdict; title: string | null }> {
    const verdicts: ProbeVerdict[] = [];
    let title: string | null = null;
    for (const m of this.methods) {
      const vault = m.name === 'forward' && target.postId !== null ? (this.deps.config.evidenceChatId ?? null) : null;
      if (m.name !== 'web') await this.token(vault);
      const r = await m.run(target);
      if (vault !== null && !r.posted) this.deps.limiter.refund(vault);
      if (r.verdict === 'unknown' && r.detail)
        this.deps.logger.debug('probe could not tell', { caseId: target.caseId, method: m.name, detail: r.detail });
      verdicts.push(r.verdict);
      title = r.title ?? title;
      if (r.verdict !== 'unknown') break;
    }
    return { verdict: combineVerdicts(verdicts), title };
  }

  private async token(chatId: number | null): Promise<void> {
    for (;;) {
      const wait = this.deps.limiter.takeSpare(chatId, this.deps.now(), this.deps.reserve ?? 10);
      if (wait === 0 || this.stopping) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_000)));
    }
  }
}
