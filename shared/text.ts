/**
 * Text the hub can store exactly as sent. A JavaScript string may hold what is not Unicode text: a
 * lone surrogate (half of a UTF-16 pair) has no UTF-8 form, so PostgreSQL would receive U+FFFD
 * instead and the stored text would differ from what was sent (an identical re-publish would then
 * never compare equal). Noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two code points
 * of every plane) are reserved for a program's internal use and never belong in published text.
 */

/** Why `text` cannot be stored as sent, or null when it can. Positions count code points from 0. */
export function invalidTextReason(text: string): string | null {
  let position = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    if (cp >= 0xd800 && cp <= 0xdfff)
      return `a lone surrogate (${hex}) at character ${position}, which is not Unicode text`;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe)
      return `the noncharacter ${hex} at character ${position}`;
    position += 1;
  }
  return null;
}
