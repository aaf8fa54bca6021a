/**
 * How removal verification reads on the card, /kasus, /laporanku and the batch card:
 * "✅ terverifikasi hilang 03/12/2026 14.02 WIB", "⚠️ masih dapat diakses, 3 pemeriksaan".
 */
import type { VerificationRow } from '../db/verifications.js';
import { formatInstant } from '../domain/deadlines.js';
import type { Translate } from './i18n/index.js';

/** One short phrase for a verification, or null when there is none to show. */
export function verificationPhrase(
  v: VerificationRow | undefined,
  t: Translate,
  timeZone: string,
  missesNeeded: number,
): string | null {
  if (!v) return null;
  if (v.reappearedAt !== null && v.state === 'online')
    return t('verify-reappeared', { at: formatInstant(v.reappearedAt, timeZone) });
  switch (v.state) {
    case 'verified_gone':
      return t('verify-gone', { at: formatInstant(v.verifiedAt ?? v.lastProbeAt ?? v.startedAt, timeZone) });
    case 'online':
      return t('verify-online', { checks: v.checks }) + (v.nextProbeAt === null ? ` ${t('verify-ended')}` : '');
    case 'suspect':
      return t('verify-suspect', { misses: v.misses, needed: missesNeeded, checks: v.checks });
    case 'pending':
      if (v.nextProbeAt === null) return null;
      return v.lastVerdict === 'unknown'
        ? t('verify-unknown')
        : t('verify-pending', { at: formatInstant(v.nextProbeAt, timeZone) });
  }
}
