/**
 * setWebhook and deleteWebhook: while a webhook is set, pending updates are posted to it
 * (webhook.ts) instead of being handed to getUpdates, which then fails with 409 as on Telegram.
 */
import { Updates } from './updates.js';
import { WebhookSender } from './webhook.js';
import { ApiError, type Params } from './types.js';

export class WebhookMethods extends Updates {
  protected setWebhook(p: Params) {
    if (typeof p.url !== 'string') throw new ApiError(400, 'Bad Request: bad webhook: URL must be provided');
    if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
      throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
    }
    this.webhook?.stop();
    this.webhook = undefined;
    this.webhookUrl = p.url === '' ? undefined : p.url;
    if (p.drop_pending_updates) this.queue = [];
    if (p.allowed_updates !== undefined) {
      const list: unknown = p.allowed_updates;
      this.allowedUpdates = Array.isArray(list) && list.length > 0 ? new Set(list.map(String)) : null;
    }
    this.activePoll?.finish('conflict');
    if (this.webhookUrl) {
      const target = {
        url: this.webhookUrl,
        secret: p.secret_token === undefined ? undefined : String(p.secret_token),
        maxConnections: Number(p.max_connections ?? 40) || 40,
      };
      this.webhook = new WebhookSender(target, {
        pending: () => this.takeBatch(Number.MAX_SAFE_INTEGER),
        confirm: (id) => (this.queue = this.queue.filter((u) => u.update_id !== id)),
      });
      // After this answer is sent: the bot sets its webhook before it expects posts.
      setImmediate(() => this.webhook?.wake());
    }
    return true;
  }

  protected deleteWebhook(p: Params) {
    this.webhook?.stop();
    this.webhook = undefined;
    this.webhookUrl = undefined;
    if (p.drop_pending_updates) this.queue = [];
    return true;
  }
}
