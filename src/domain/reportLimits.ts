/**
 * The limits of one report, shared by the form in private chat (src/bot/conversations/), intake
 * (which turns a longer list into a batch) and bulk input (whose rows meet the same description
 * rules as a typed one).
 */

/** More links than this in one message make it a batch (bulk intake). */
export const MAX_TARGETS_PER_REPORT = 20;
/** At most this many pieces of evidence per report, the forwarded post that started it included. */
export const MAX_EVIDENCE = 10;
/** A description's limits, in characters (code points). */
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;
