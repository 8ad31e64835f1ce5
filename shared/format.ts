/**
 * How the hub writes numbers, percentages and dates for people. One rule for every output (the
 * explanation, the gaps, reports, files): officials compare a report with the dashboard and with
 * their own spreadsheets, so the same figure must read the same everywhere.
 *
 * **Rounding rule (percentages and every other decimal shown):** round half up to the stated
 * number of decimals — a 5 in the first dropped place rounds away from zero, everything below
 * it is dropped: 97.125 % → `97.13` (2 decimals), 97.124 % → `97.12`, 66.666… % → `66.67`,
 * 99.95 % → `100.0` (1 decimal). Percentages of counts are rounded exactly (integer arithmetic on
 * the numerator and denominator), never through a binary fraction. A rounded percentage is for
 * reading only: whether a rate reaches a threshold is always decided on the exact numerator and
 * denominator (`numerator × 100 ≥ threshold × denominator`), so 97.996 % is shown as `98.00` and
 * still does not reach "≥ 98 %".
 *
 * Vietnamese writing: `.` groups thousands, `,` marks decimals (`1.234,5`; `78,4 %`); dates
 * `30/11/2020` or, in running text, `ngày 30 tháng 11 năm 2020`; moments in Vietnam time (UTC+7).
 */

/** Decimals used for a percentage when none is stated: the engine's rates, gaps and explanation. */
export const PERCENT_DECIMALS = 2;

function assertWhole(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number from 0 to 2^53 − 1, got ${value}`);
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10)
    throw new RangeError(`decimals must be a whole number from 0 to 10, got ${decimals}`);
}

/** `units` (an integer scaled by 10^decimals) as a plain decimal string with a `.`. */
function renderScaled(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/**
 * `numerator / denominator × 100` rounded half up to `decimals` places, exactly, as a plain
 * decimal string (`"97.50"`). The machine form, for JSON and CSV; {@link formatPercentVi} for text.
 * @throws RangeError for a negative or non-integer count, a denominator of 0, or bad `decimals`.
 */
export function roundedPercent(numerator: number, denominator: number, decimals: number = PERCENT_DECIMALS): string {
  assertWhole(numerator, 'numerator');
  assertWhole(denominator, 'denominator');
  assertDecimals(decimals);
  if (denominator === 0) throw new RangeError('denominator must be positive to form a rate');
  const scale = 10n ** BigInt(decimals + 2);
  const n = BigInt(numerator) * scale;
  const d = BigInt(denominator);
  // Half up: add half the denominator before the integer division.
  return renderScaled((2n * n + d) / (2n * d), decimals);
}

/**
 * Any finite number rounded half up (away from zero) to `decimals` places, as a plain decimal
 * string. Works on the number's shortest decimal form (`String(1.005)` is `"1.005"` → `"1.01"`),
 * so a value that prints as a 5 rounds as one. @throws RangeError for NaN, ±∞ or bad `decimals`.
 */
export function roundHalfUp(value: number, decimals: number): string {
  assertDecimals(decimals);
  if (!Number.isFinite(value)) throw new RangeError(`cannot round ${value}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`cannot round ${value}`);
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
  // Shift the decimal point by the exponent, in text: no binary arithmetic touches the digits.
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  const kept = digits.slice(0, point + decimals).padEnd(point + decimals, '0');
  const next = digits.charAt(point + decimals);
  let units = BigInt(kept === '' ? '0' : kept);
  if (next !== '' && next >= '5') units += 1n;
  if (units === 0n) return renderScaled(0n, decimals);
  return renderScaled(sign === '-' ? -units : units, decimals);
}

/** A plain decimal string (`"1234.5"`, `"-3"`) written the Vietnamese way: `1.234,5`, `-3`. */
export function viDecimal(plain: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!match) throw new RangeError(`not a plain decimal: ${plain}`);
  const [, sign = '', whole = '', fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

/** A number written the Vietnamese way, rounded half up to `decimals` (0 by default): `1.234,5`. */
export function formatNumberVi(value: number, decimals = 0): string {
  return viDecimal(roundHalfUp(value, decimals));
}

/** A percentage of counts, rounded half up, written the Vietnamese way with its sign: `78,4 %`. */
export function formatPercentVi(numerator: number, denominator: number, decimals: number = PERCENT_DECIMALS): string {
  return `${viDecimal(roundedPercent(numerator, denominator, decimals))} %`;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Year, month and day of a `YYYY-MM-DD` date, or of a moment in Vietnam time. */
function dayParts(date: string | Date): { year: number; month: number; day: number } {
  if (typeof date === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
    if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
    return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** `30/11/2020` from `"2020-11-30"` or a moment (its day in Vietnam time). */
export function formatDateVi(date: string | Date): string {
  const { year, month, day } = dayParts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/**
 * `ngày 30 tháng 11 năm 2020`, for running text (decisions, letters). As administrative documents
 * write it (Nghị định 30/2020/NĐ-CP): a day below 10 and the months 1 and 2 take a leading 0
 * (`ngày 05 tháng 02 năm 2020`, `ngày 15 tháng 3 năm 2021`).
 */
export function formatDateLongVi(date: string | Date): string {
  const { year, month, day } = dayParts(date);
  return `ngày ${String(day).padStart(2, '0')} tháng ${month <= 2 ? String(month).padStart(2, '0') : String(month)} năm ${year}`;
}
