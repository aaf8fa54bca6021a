/**
 * An in-process Telegram Bot API emulator for end-to-end tests.
 *
 * It is a real HTTP server (http://127.0.0.1:<port>/bot<token>/<method>) so the bot under test runs
 * unmodified, in its own process, with only its API root pointed here. Results have real Bot API
 * shapes and failures carry Telegram's real error codes and descriptions, because a fake that
 * accepts everything would hide exactly the bugs these tests exist to catch (unescaped HTML,
 * oversized callback data, "message is not modified", replies to missing messages, …).
 *
 * The emulator is composed of what it plays, one module each, every one building on the last:
 * world.ts (users, chats, members, stored messages), topics.ts (forum topics), files.ts (uploads,
 * getFile, file downloads), updates.ts (what users do, the update queue, long polling),
 * webhookMethods.ts with webhook.ts (setWebhook and posting updates to it), faults.ts (injected
 * failures, flood limits), methods.ts (send, edit, delete, callback answers, …), channels.ts
 * (public channels' posts, forwards by @username, protected content). This file adds the
 * HTTP server: it decodes each call, refuses it up front when a fault or flood limit says so, and
 * dispatches it to its method.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message } from 'grammy/types';
import { FormatError } from './formatting.js';
import { parseMultipart } from './multipart.js';
import { Channels } from './channels.js';
import {
  ApiError,
  clone,
  sleep,
  UploadedFile,
  type ApiCall,
  type BotMessage,
  type EmulatorOptions,
  type Msg,
  type Params,
  type RequestCtx,
} from './types.js';

export type { Entity } from './formatting.js';
export { ApiError, UploadedFile } from './types.js';
export type { ApiCall, BotMessage, EmuChat, EmulatorOptions, EmuUser, FaultOptions, MemberStatus } from './types.js';

const JSON_FIELDS = new Set([
  'reply_markup',
  'reply_parameters',
  'entities',
  'caption_entities',
  'link_preview_options',
  'allowed_updates',
  'commands',
  'scope',
  'menu_button',
  'media',
  'options',
  'explanation_entities',
  'message_ids',
  'permissions',
  'rights',
  'reaction',
]);

const NUMERIC_FIELDS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'reply_to_message_id',
  'offset',
  'limit',
  'timeout',
  'user_id',
  'cache_time',
  'message_thread_id',
  'icon_color',
  'until_date',
  'max_connections',
  'duration',
  'width',
  'height',
]);

const BOOL_FIELDS = new Set([
  'disable_notification',
  'protect_content',
  'allow_sending_without_reply',
  'show_alert',
  'drop_pending_updates',
  'disable_web_page_preview',
  'disable_content_type_detection',
  'has_spoiler',
  'show_caption_above_media',
  'for_channels',
  'revoke_messages',
  'only_if_banned',
  'is_personal',
  'allow_paid_broadcast',
]);

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown) {
  if (res.writableEnded || res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

export class BotApiEmulator extends Channels {
  /** Every API call in arrival order, params decoded (multipart JSON fields parsed, uploads as UploadedFile). */
  readonly calls: ApiCall[] = [];
  private server: http.Server | undefined;
  private readonly handlers: Map<string, { name: string; fn: (p: Params, ctx: RequestCtx) => unknown }>;
  private readonly callDelayMs = this.options.callDelayMs ?? 0;

  constructor(opts: EmulatorOptions = {}) {
    super(opts);
    const table: Record<string, (p: Params, ctx: RequestCtx) => unknown> = {
      getMe: () => this.getMe(),
      logOut: () => true,
      close: () => true,
      getUpdates: (p, ctx) => this.getUpdates(p, ctx),
      setWebhook: (p) => this.setWebhook(p),
      deleteWebhook: (p) => this.deleteWebhook(p),
      getWebhookInfo: () => ({
        url: this.webhookUrl ?? '',
        has_custom_certificate: false,
        pending_update_count: this.queue.length,
      }),
      setMyCommands: (p) => this.setMyCommands(p),
      getMyCommands: (p) => clone(this.commandSets.get(this.scopeKey(p.scope, p.language_code)) ?? []),
      deleteMyCommands: (p) => (this.commandSets.delete(this.scopeKey(p.scope, p.language_code)), true),
      sendMessage: (p) => this.sendMessage(p),
      editMessageText: (p) => this.editMessageText(p),
      editMessageCaption: (p) => this.editMessageCaption(p),
      editMessageReplyMarkup: (p) => this.editMessageReplyMarkup(p),
      deleteMessage: (p) => this.deleteMessage(p),
      deleteMessages: (p) => this.deleteMessages(p),
      answerCallbackQuery: (p) => this.answerCallbackQuery(p),
      copyMessage: (p) => this.copyOrForward(p, 'copyMessage'),
      forwardMessage: (p) => this.copyOrForward(p, 'forwardMessage'),
      sendPhoto: (p) => this.sendPhotoApi(p),
      sendDocument: (p) => this.sendDocumentApi(p),
      sendVideo: (p) => this.sendVideoApi(p),
      sendAnimation: (p) => this.sendAnimationApi(p),
      getFile: (p) => this.getFile(p),
      getChatMember: (p) => this.getChatMember(p),
      getChatAdministrators: (p) => this.getChatAdministrators(p),
      getChat: (p) => this.getChat(p),
      createForumTopic: (p) => this.createForumTopic(p),
      sendChatAction: (p) => this.sendChatAction(p),
      setChatMenuButton: (p) => this.store('menu_button', p.menu_button ?? { type: 'default' }),
      getChatMenuButton: () => this.botSettings.get('menu_button') ?? { type: 'commands' },
      setMyDescription: (p) => this.store(`description:${p.language_code ?? ''}`, p.description ?? ''),
      getMyDescription: (p) => ({ description: this.botSettings.get(`description:${p.language_code ?? ''}`) ?? '' }),
      setMyShortDescription: (p) => this.store(`short:${p.language_code ?? ''}`, p.short_description ?? ''),
      getMyShortDescription: (p) => ({
        short_description: this.botSettings.get(`short:${p.language_code ?? ''}`) ?? '',
      }),
      setMyName: (p) => this.store(`name:${p.language_code ?? ''}`, p.name ?? ''),
      getMyName: (p) => ({ name: this.botSettings.get(`name:${p.language_code ?? ''}`) || this.botUser.first_name }),
      setMyDefaultAdministratorRights: (p) => this.store(`rights:${!!p.for_channels}`, p.rights ?? null),
      getMyDefaultAdministratorRights: (p) => this.botSettings.get(`rights:${!!p.for_channels}`) ?? {},
    };
    this.handlers = new Map(Object.entries(table).map(([name, fn]) => [name.toLowerCase(), { name, fn }]));
  }

  /** Listens on 127.0.0.1 (on `port`, or a random one); resolves to the apiRoot to give grammY (`client.apiRoot`). */
  async start(port = 0): Promise<string> {
    const server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return this.apiRoot;
  }

  get apiRoot(): string {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new Error('BotApiEmulator is not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  /** Ends a pending long poll (answers it with no updates) and closes the server and all sockets. */
  async stop(): Promise<void> {
    this.activePoll?.finish('stopped');
    this.webhook?.stop();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await sleep(10); // let the answer to the ended long poll flush
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Bot messages in a chat in send order, current state (deleted ones included with deleted: true). */
  messages(chatId: number): BotMessage[] {
    const rec = this.chats.get(chatId);
    if (!rec) return [];
    return [...rec.messages.values()].filter((r) => r.fromBot).map((r) => this.view(r));
  }

  /** Every message in the chat (user and bot), as Telegram Message objects, in id order. */
  history(chatId: number): Message[] {
    const rec = this.chats.get(chatId);
    return rec ? [...rec.messages.values()].filter((r) => !r.deleted).map((r) => clone(r.msg) as Message) : [];
  }

  lastMessage(chatId: number): BotMessage | undefined {
    const all = this.messages(chatId).filter((m) => !m.deleted);
    return all[all.length - 1];
  }

  /**
   * The bot's first message in a chat after the user's message `messageId`, and how long after that
   * message it was sent (both times as the emulator saw them).
   */
  replyTo(chatId: number, messageId: number): { message: BotMessage; delayMs: number } | undefined {
    const rec = this.chats.get(chatId);
    const asked = rec?.messages.get(messageId);
    if (!rec || !asked) return undefined;
    const answer = [...rec.messages.values()].find((r) => r.fromBot && r.msg.message_id > messageId);
    return answer ? { message: this.view(answer), delayMs: answer.at - asked.at } : undefined;
  }

  /** Flattened buttons of a message's keyboard (inline buttons, or reply-keyboard buttons as {text}). */
  buttons(msg: { reply_markup?: any } | BotMessage): Array<{ text: string; callback_data?: string; url?: string }> {
    return this.buttonsOf(msg.reply_markup);
  }

  /**
   * Polls `fn` every 20 ms until it returns something other than undefined/false/null (exceptions
   * count as "not yet", so expect() can be used inside). On timeout the error names `what` and
   * shows the last 10 API calls, which is usually all you need to see why.
   */
  async waitFor<T>(
    fn: () => T | undefined | false | null,
    opts: { timeoutMs?: number; what?: string } = {},
  ): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const v = fn();
        if (v !== undefined && v !== false && v !== null) return v;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) break;
      await sleep(20);
    }
    const lines = [`waitFor timed out after ${timeoutMs} ms waiting for: ${opts.what ?? fn.toString()}`];
    if (lastError)
      lines.push(
        `last error from the predicate: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      );
    lines.push('last 10 API calls (getUpdates omitted):', ...this.describeCalls(10));
    if (this.undelivered.length) {
      lines.push(
        `${this.undelivered.length} injected group message(s) were NOT delivered: ${this.undelivered.map((u) => u.reason).join('; ')}`,
      );
    }
    if (this.queue.length) lines.push(`${this.queue.length} update(s) still unconfirmed in the queue`);
    throw new Error(lines.join('\n'));
  }

  describeCalls(n = 10): string[] {
    return this.calls
      .filter((c) => c.method !== 'getUpdates')
      .slice(-n)
      .map((c) => {
        let params = JSON.stringify(c.params);
        if (params.length > 300) params = `${params.slice(0, 300)}…`;
        return `  ${c.method} ${params}${c.error ? ` -> ERROR ${c.error}` : ''}`;
      });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const f = fileMatch[1] === this.token ? this.filesByPath.get(decodeURIComponent(fileMatch[2]!)) : undefined;
      if (!f) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.content.length });
      res.end(f.content);
      return;
    }
    const m = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const body = await readBody(req);
    if (m[1] !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });

    const handler = this.handlers.get(m[2]!.toLowerCase());
    let params: Params;
    try {
      params = this.decodeParams(url, String(req.headers['content-type'] ?? ''), body);
    } catch (err) {
      const description = `Bad Request: can't parse request: ${err instanceof Error ? err.message : String(err)}`;
      this.calls.push({ method: handler?.name ?? m[2]!, params: {}, at: Date.now(), error: description });
      return reply(res, 400, { ok: false, error_code: 400, description });
    }
    const call: ApiCall = { method: handler?.name ?? m[2]!, params, at: Date.now() };
    this.calls.push(call);
    if (!handler) {
      call.error = 'Not Found: method not found';
      return reply(res, 404, { ok: false, error_code: 404, description: call.error });
    }

    res.on('finish', () => (call.doneAt = Date.now()));
    if (this.callDelayMs > 0 && handler.name !== 'getUpdates') await sleep(this.callDelayMs);
    const refused = this.refuseUpFront(handler.name, params, call);
    if (refused) return reply(res, refused.error_code, refused);

    const closeCbs: Array<() => void> = [];
    res.on('close', () => {
      if (!res.writableFinished) for (const cb of closeCbs) cb();
    });
    try {
      const result = await handler.fn(params, { onClose: (cb) => closeCbs.push(cb) });
      call.result = result;
      reply(res, 200, { ok: true, result });
    } catch (err) {
      if (err instanceof ApiError) {
        call.error = err.description;
        const payload: Msg = { ok: false, error_code: err.code, description: err.description };
        if (err.parameters) payload.parameters = err.parameters;
        reply(res, err.code, payload);
      } else if (err instanceof FormatError) {
        call.error = err.description;
        reply(res, 400, { ok: false, error_code: 400, description: err.description });
      } else {
        call.error = `emulator crash: ${err instanceof Error ? err.stack : String(err)}`;
        reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      }
    }
  }

  /** Merges query string and body (JSON, urlencoded or multipart) and decodes stringly-typed fields. */
  private decodeParams(url: URL, contentType: string, body: Buffer): Params {
    const raw: Params = {};
    for (const [k, v] of url.searchParams) raw[k] = v;
    const uploads = new Map<string, UploadedFile>();
    const ct = contentType.toLowerCase();
    if (body.length > 0) {
      if (ct.includes('application/json')) {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('JSON body must be an object');
        Object.assign(raw, parsed);
      } else if (ct.includes('multipart/form-data')) {
        for (const part of parseMultipart(body, contentType)) {
          if (part.filename !== undefined) {
            const up = new UploadedFile(part.filename, part.data, part.contentType);
            uploads.set(part.name, up);
            raw[part.name] = up;
          } else {
            raw[part.name] = part.data.toString('utf8');
          }
        }
      } else {
        for (const [k, v] of new URLSearchParams(body.toString('utf8'))) raw[k] = v;
      }
    }
    const referenced = new Set<string>();
    const resolveAttach = (v: unknown): unknown => {
      if (typeof v === 'string' && v.startsWith('attach://')) {
        const up = uploads.get(v.slice(9));
        if (!up) return v;
        referenced.add(v.slice(9));
        return up;
      }
      if (Array.isArray(v)) return v.map(resolveAttach);
      if (v && typeof v === 'object' && !(v instanceof UploadedFile)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAttach(x)]));
      }
      return v;
    };
    const out: Params = {};
    for (const [k, v0] of Object.entries(raw)) {
      let v: unknown = v0;
      if (typeof v === 'string') {
        if (JSON_FIELDS.has(k) && /^\s*[[{"]/.test(v)) {
          try {
            v = JSON.parse(v);
          } catch {
            throw new Error(`field "${k}" is not valid JSON`);
          }
        } else if (NUMERIC_FIELDS.has(k) && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
        else if (BOOL_FIELDS.has(k) && /^(true|false|1|0)$/i.test(v)) v = /^(true|1)$/i.test(v);
      }
      out[k] = resolveAttach(v);
    }
    // Parts referenced via attach://<name> are not parameters themselves (grammY names them randomly).
    for (const name of referenced) delete out[name];
    return out;
  }
}
