import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { ignoreExpected, isExpectedRefusal } from '../../src/bot/apiErrors.js';
import type { Logger } from '../../src/logger.js';

/** A Bot API refusal as grammY throws it. */
const refusal = (error_code: number, description: string) =>
  new GrammyError(
    `Call to 'editMessageReplyMarkup' failed! (${error_code}: ${description})`,
    { ok: false, error_code, description },
    'editMessageReplyMarkup',
    {},
  );

function recordingLogger() {
  const lines: { msg: string; err: unknown }[] = [];
  const logger: Pick<Logger, 'warn'> = { warn: (msg, fields) => void lines.push({ msg, err: fields?.err }) };
  return { logger, lines };
}

describe('ignoreExpected', () => {
  it.each([
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    'Bad Request: message to edit not found',
    'Bad Request: query is too old and response timeout expired or query ID is invalid',
  ])('ignores the expected refusal %s without a log line', async (description) => {
    const { logger, lines } = recordingLogger();
    const err = refusal(400, description);
    expect(isExpectedRefusal(err)).toBe(true);
    await expect(Promise.reject(err).catch(ignoreExpected(logger, 'removing the buttons'))).resolves.toBeUndefined();
    expect(lines).toEqual([]);
  });

  it.each([
    ['a server error', refusal(502, 'Bad Gateway')],
    ['a rate limit', refusal(429, 'Too Many Requests: retry after 5')],
    ['another refusal', refusal(400, "Bad Request: message can't be edited")],
    ['a 5xx that quotes an expected text', refusal(500, 'Internal Server Error: message is not modified')],
    ['a network error', new HttpError('Network request for editMessageReplyMarkup failed!', new Error('ECONNRESET'))],
    ['a plain error', new Error('boom')],
  ])('logs %s and does not rethrow it', async (_, err) => {
    const { logger, lines } = recordingLogger();
    expect(isExpectedRefusal(err)).toBe(false);
    await expect(Promise.reject(err).catch(ignoreExpected(logger, 'removing the buttons'))).resolves.toBeUndefined();
    expect(lines).toEqual([{ msg: 'removing the buttons failed', err }]);
  });
});
