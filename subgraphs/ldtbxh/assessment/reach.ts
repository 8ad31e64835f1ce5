/**
 * The exact inverse of a band: which raw value reaches it. Each answer is checked against the same
 * comparison functions that score, so the inverse can never disagree with the scoring.
 */
import { assertNever } from '../../../shared/assert-never';
import {
  bandOpHolds,
  compareCountToThreshold,
  compareRateToThreshold,
  parseDecimal,
} from '../../../shared/criteria/scoring';
import type { Band } from '../../../shared/criteria/types';

/**
 * The numerator that reaches `band` with this denominator, exactly: for `>=` / `>` the
 * smallest `n` in `0..denominator` with `n / denominator × 100 op threshold`; for `<=` / `<` the
 * largest. `null` when no such `n` exists (e.g. `> 100`, `< 0`). E.g. `>= 98` with 37 → 37
 * (36 × 100 = 3 600 < 98 × 37 = 3 626 ≤ 37 × 100); `>= 97.5` with 100 → 98.
 * Throws `RangeError` for a denominator that is not a positive safe integer or an unparseable
 * threshold.
 */
export function numeratorReachingBand(band: Pick<Band, 'op' | 'threshold'>, denominator: number): number | null {
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`denominator must be a positive safe integer, got ${String(denominator)}`);
  }
  const threshold = parseDecimal(band.threshold);
  if (threshold === null) throw new RangeError(`invalid threshold ${JSON.stringify(band.threshold)}`);
  const d = BigInt(denominator);
  const scale = 100n * 10n ** BigInt(threshold.scale);
  // n / d × 100 op units / 10^s  ⇔  n × scale op units × d
  const target = threshold.units * d;
  let n: bigint;
  switch (band.op) {
    case '>=':
      n = (target + scale - 1n) / scale;
      break;
    case '>':
      n = target / scale + 1n;
      break;
    case '<=':
      n = target / scale;
      break;
    case '<':
      n = target === 0n ? -1n : (target - 1n) / scale;
      break;
    default:
      assertNever(band.op, 'band operator');
  }
  const higher = band.op === '>=' || band.op === '>';
  if (higher ? n > d : n < 0n) return null;
  if (n > d) n = d;
  const result = Number(n);
  // Guard the inverse with the forward comparison used for scoring.
  if (!bandOpHolds(band.op, compareRateToThreshold(result, denominator, threshold))) {
    throw new Error(`numeratorReachingBand: ${result}/${denominator} does not satisfy ${band.op} ${band.threshold}`);
  }
  return result;
}

/**
 * The count that reaches `band`: for `<=` / `<` the largest count `c ≥ 0` with `c op threshold`
 * (`<= t` → t, `< t` → t − 1); for `>=` / `>` the smallest. `null` when none exists (`< 0`).
 * Throws `RangeError` for an unparseable threshold.
 */
export function countReachingBand(band: Pick<Band, 'op' | 'threshold'>): number | null {
  const threshold = parseDecimal(band.threshold);
  if (threshold === null) throw new RangeError(`invalid threshold ${JSON.stringify(band.threshold)}`);
  const unit = 10n ** BigInt(threshold.scale);
  const floor = threshold.units / unit;
  const ceil = (threshold.units + unit - 1n) / unit;
  let c: bigint;
  switch (band.op) {
    case '<=':
      c = floor;
      break;
    case '<':
      c = ceil - 1n;
      break;
    case '>=':
      c = ceil;
      break;
    case '>':
      c = floor + 1n;
      break;
    default:
      assertNever(band.op, 'band operator');
  }
  if (c < 0n || c > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const result = Number(c);
  if (!bandOpHolds(band.op, compareCountToThreshold(result, threshold))) {
    throw new Error(`countReachingBand: ${result} does not satisfy ${band.op} ${band.threshold}`);
  }
  return result;
}
