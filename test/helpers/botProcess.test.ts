/** The e2e suite's bot process helper, checked against the Bot API emulator with a stand-in entry point. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotApiEmulator } from '@saluran/bot-api-emulator';
import { startBot, waitForOutput } from './botProcess.js';
import { tempDir } from './db.js';

describe('startBot helper', () => {
  it('runs a TypeScript entry point with a clean environment and captures output', async () => {
    const emu = new BotApiEmulator();
    const apiRoot = await emu.start();
    // A stand-in for src/main.ts in a scratch dir: proves spawning, env isolation and output capture.
    const dir = tempDir('saluran-botproc-');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      `const root: string = process.env.TELEGRAM_API_ROOT!;
       const res = await fetch(root + '/bot' + process.env.BOT_TOKEN + '/getMe');
       const me = (await res.json()) as { result: { username: string } };
       console.log('ready as @' + me.result.username + ' env=' + Object.keys(process.env).sort().join(','));
       setInterval(() => {}, 1000);\n`,
    );
    process.env.SALURAN_LEAK_CHECK = '1';
    const bp = startBot({ BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: apiRoot }, { cwd: dir });
    try {
      const m = await waitForOutput(bp, /ready as @(\w+) env=(\S+)/, 8000);
      expect(m[1]).toBe('saluran_test_bot');
      expect(m[2]).not.toContain('SALURAN_LEAK_CHECK');
      expect(m[2]).toContain('NODE_ENV');
    } finally {
      delete process.env.SALURAN_LEAK_CHECK;
      expect(await bp.kill('SIGKILL')).toBeNull();
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
