/**
 * The words of a people's export (CSV, xlsx) in the admin's language, from the i18n files: a header
 * per column (export-col-*) and the labels the bot already shows for each code (category-*,
 * urgency-*, status-*, reject-reason-*; export-verify-* for the verification state). Built here, where the translations are, and handed to the
 * export worker as plain data.
 */
import { CASE_STATUSES, REJECT_REASONS } from '../domain/caseState.js';
import { CATEGORIES, URGENCIES } from '../domain/categories.js';
import { VERIFY_STATES } from '../domain/verification.js';
import { EXPORT_COLUMNS, type ExportColumn, type ExportLabels } from '../services/exportFormat.js';
import type { Translate } from './i18n/index.js';

const labelsOf = (codes: readonly string[], prefix: string, t: Translate): Record<string, string> =>
  Object.fromEntries(codes.map((c) => [c, t(`${prefix}${c}`)]));

/** The export's headers and code labels in the language of `t`. */
export function exportLabels(t: Translate): ExportLabels {
  return {
    headers: Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, t(`export-col-${c}`)])) as Record<ExportColumn, string>,
    values: {
      category: labelsOf(CATEGORIES, 'category-', t),
      urgency: labelsOf(URGENCIES, 'urgency-', t),
      status: labelsOf(CASE_STATUSES, 'status-', t),
      reject_reason: labelsOf(REJECT_REASONS, 'reject-reason-', t),
      verification_state: labelsOf(VERIFY_STATES, 'export-verify-', t),
    },
    yes: t('export-value-yes'),
    no: t('export-value-no'),
  };
}
