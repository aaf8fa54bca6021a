/**
 * The playground's world: the Bot API emulator, the real app (createApp, the code production runs)
 * pointed at it, the seeded people and channels, the fast-forward clock, and what a person in the
 * page can do (type, forward, upload, press). Everything runs in this process on 127.0.0.1: no
 * token, no `.env`, no network. `reset()` throws the whole world away and seeds a new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BotApiEmulator, type EmuChat, type EmuUser } from '@saluran/bot-api-emulator';
import { createApp, type App } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { activateReporter, getUser } from '../src/db/users.js';
import { createLogger, type Logger } from '../src/logger.js';

export type Role = 'reporter' | 'moderator' | 'admin';

/** Someone a person in the page can act as. */
export interface Person {
  id: number;
  name: string;
  role: Role;
}

export const GROUP: EmuChat = { id: -1001234567890, type: 'supergroup', title: 'Moderator Saluran' };
/** The sample public channel: forwards from it are accepted. */
export const PUBLIC_CHANNEL = { id: -1005550001, title: 'Kabar Kilat (contoh)', username: 'kabar_kilat_contoh' };
/** A channel without a username: forwards from it are refused as private. */
export const PRIVATE_CHANNEL = { id: -1005550002, title: 'Kanal Tertutup (contoh)' };
/** Someone whose message a reporter might forward: refused, private communication is out of scope. */
export const STRANGER: EmuUser = { id: 9001, first_name: 'Rina (orang pribadi)', language_code: 'id' };

/** Sample posts of the public channel (fictional, harmless stand-ins for unlawful content). */
export const CHANNEL_POSTS: ReadonlyArray<{ id: number; text: string }> = [
  { id: 101, text: 'Ayo bergabung dengan kelompok kami dan angkat senjata! (contoh fiktif)' },
  { id: 102, text: 'Jual data pribadi warga, hubungi admin kanal. (contoh fiktif)' },
  { id: 103, text: 'Berita bohong: vaksin berisi cip pelacak. (contoh fiktif)' },
];

const SEED: ReadonlyArray<Person & { unit?: string }> = [
  { id: 1001, name: 'Ani', role: 'admin' },
  { id: 3001, name: 'Dewi', role: 'moderator' },
  { id: 3002, name: 'Eko', role: 'moderator' },
  { id: 2001, name: 'Budi', role: 'reporter', unit: 'Direktorat Pengendalian' },
];
const MORE_NAMES: Record<'reporter' | 'moderator', string[]> = {
  reporter: ['Citra', 'Gita', 'Hadi', 'Indra', 'Kartika', 'Lestari', 'Made', 'Nur'],
  moderator: ['Fajar', 'Joko', 'Intan', 'Putri', 'Rudi', 'Sari'],
};
const FIRST_NEW_ID: Record<'reporter' | 'moderator', number> = { reporter: 2002, moderator: 3003 };

export interface WorldOptions {
  /** Folder for the database and the bot's log (created; emptied by reset). */
  dataDir: string;
  /** How often the deadline sweep runs, in seconds (short, so a fast-forward shows at once). */
  sweepSeconds?: number;
  /** Urungkan's window in seconds (default: the bot's, 45; a fast-forward ends it at once). */
  undoWindowSeconds?: number;
}

/** A running playground. Build with {@link World.start}. */
export class World {
  emu!: BotApiEmulator;
  app!: App;
  people: Person[] = [];
  /** Added to the real time: the app's one clock is `Date.now() + offsetMs`. */
  offsetMs = 0;
  /** Bumped on every change made from the page, so watchers notice even before the bot answers. */
  version = 0;
  db!: Db;
  private logger!: Logger;
  private log: fs.WriteStream | undefined;

  private constructor(private readonly opts: WorldOptions) {}

  /** Seeds a world and starts the emulator and the app. */
  static async start(opts: WorldOptions): Promise<World> {
    const world = new World(opts);
    await world.boot();
    return world;
  }

  /** The app's clock (milliseconds since the epoch). */
  readonly clock = (): number => Date.now() + this.offsetMs;

  get logFile(): string {
    return path.join(this.opts.dataDir, 'bot.log');
  }

  private async boot(): Promise<void> {
    fs.mkdirSync(this.opts.dataDir, { recursive: true });
    this.emu = new BotApiEmulator({
      token: '777000:PLAYGROUND',
      botUsername: 'saluran_playground_bot',
      botName: 'Saluran',
    });
    const apiRoot = await this.emu.start();
    this.people = SEED.map(({ id, name, role }) => ({ id, name, role }));
    this.seedTelegram();
    const config = parseConfig({
      BOT_TOKEN: this.emu.token,
      TELEGRAM_API_ROOT: apiRoot,
      MODERATOR_CHAT_ID: String(GROUP.id),
      ADMIN_IDS: this.people
        .filter((p) => p.role === 'admin')
        .map((p) => p.id)
        .join(','),
      DATABASE_PATH: path.join(this.opts.dataDir, 'saluran.db'),
      SWEEP_INTERVAL_SECONDS: String(this.opts.sweepSeconds ?? 2),
      ...(this.opts.undoWindowSeconds === undefined
        ? {}
        : { UNDO_WINDOW_SECONDS: String(this.opts.undoWindowSeconds) }),
      LOG_LEVEL: 'info',
    });
    const log = (this.log = fs.createWriteStream(this.logFile, { flags: 'a' }));
    // A line logged after a reset closed the file is dropped, not written after end (which would throw).
    this.logger = createLogger(
      config.logLevel,
      [config.botToken],
      (line) => void (log.writable && log.write(`${line}\n`)),
    );
    this.db = openDatabase(config.databasePath);
    this.seedDatabase();
    this.app = createApp(config, { db: this.db, logger: this.logger, clock: this.clock });
    await this.app.start();
  }

  /** The group with the bot as administrator (as the README asks), the staff in it, everyone's private chat. */
  private seedTelegram(): void {
    this.emu.addChat(GROUP);
    this.emu.setChatMember(GROUP.id, this.emu.botUser.id, 'administrator');
    for (const p of this.people) {
      this.emu.privateChat(this.user(p));
      if (p.role !== 'reporter')
        this.emu.setChatMember(GROUP.id, p.id, p.role === 'admin' ? 'administrator' : 'member');
    }
  }

  /** The seeded reporter is already onboarded, so a report can be made at once. */
  private seedDatabase(): void {
    for (const p of SEED) {
      if (p.role !== 'reporter') continue;
      activateReporter(this.db, {
        id: p.id,
        name: `${p.name} Santoso`,
        unit: p.unit ?? '—',
        username: null,
        grantedBy: 1001,
        now: this.clock(),
        locale: 'id',
      });
    }
  }

  /** Stops the app and the emulator and closes the database. */
  async stop(): Promise<void> {
    await this.app.stop();
    this.db.$client.close();
    await this.emu.stop();
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }

  /** Starts over: a new emulator, an empty database, the seed, the real clock. */
  async reset(): Promise<void> {
    await this.stop();
    for (const f of fs.readdirSync(this.opts.dataDir))
      fs.rmSync(path.join(this.opts.dataDir, f), { recursive: true, force: true });
    this.offsetMs = 0;
    await this.boot();
    this.version++;
  }

  /** The emulator's user for a person (language from the page's default, Indonesian). */
  user(p: Person): EmuUser {
    return { id: p.id, first_name: p.name, language_code: 'id' };
  }

  person(id: number): Person {
    const p = this.people.find((x) => x.id === id);
    if (!p) throw new PlaygroundError(`unknown person ${id}`);
    return p;
  }

  /** Adds a reporter (not onboarded: they need an invitation) or a moderator (a member of the group). */
  addPerson(role: 'reporter' | 'moderator'): Person {
    const taken = new Set(this.people.map((p) => p.id));
    let id = FIRST_NEW_ID[role];
    while (taken.has(id)) id++;
    const n = id - FIRST_NEW_ID[role];
    const base = MORE_NAMES[role][n % MORE_NAMES[role].length]!;
    const p: Person = { id, name: n < MORE_NAMES[role].length ? base : `${base} ${n}`, role };
    this.people.push(p);
    this.emu.privateChat(this.user(p));
    if (role === 'moderator') this.emu.setChatMember(GROUP.id, id, 'member');
    this.version++;
    return p;
  }

  /** The chat a person writes in: their private chat with the bot, or the moderator group. */
  chatOf(p: Person, where: 'private' | 'group'): EmuChat {
    if (where === 'group') {
      if (p.role === 'reporter') throw new PlaygroundError('reporters are not in the moderator group');
      return GROUP;
    }
    return this.emu.privateChat(this.user(p));
  }

  /** Moves the app's clock forward (never back: deadlines and the outbox expect time to advance). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0 || ms > 30 * 24 * 3_600_000)
      throw new PlaygroundError('advance by 1 ms to 30 days');
    this.offsetMs += ms;
    // The outbox may be waiting for a deadline-ordered slot: let it look again.
    this.app.outbox.wake();
    this.version++;
  }

  /** Whether the bot knows the person in their role (a new reporter is not active until onboarded). */
  active(p: Person): boolean {
    if (p.role === 'admin') return true;
    if (p.role === 'moderator') return true; // members of the group are moderators (getChatMember)
    const row = getUser(this.db, p.id);
    return row?.isReporter === true && row.onboardingInvitationId === null;
  }

  /** Bumps the version after an action from the page. */
  touched(): void {
    this.version++;
  }
}

/** A request the playground refuses (unknown person, wrong chat, bad input): answered with 400. */
export class PlaygroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}
