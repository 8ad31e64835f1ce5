/**
 * Gaps: for one scored indicator below its maximum, the nearest better band (or answer, or grade)
 * and the raw value that reaches it. The inverse arithmetic is `reach.ts`; the sentences are
 * `messages.ts`.
 */
import { assertNever } from '../../../shared/assert-never';
import { scoreIndicator } from '../../../shared/criteria/scoring';
import type { IndicatorInput, IndicatorScore } from '../../../shared/criteria/scoring';
import type { Band, Criterion, Indicator } from '../../../shared/criteria/types';
import { gapText } from './messages';
import type { GapFinding } from './messages';
import type { BandRef, Gap } from './model';
import { label, scoredProvenance } from './provenance';
import { countReachingBand, numeratorReachingBand } from './reach';

interface GapInput {
  criterion: Criterion;
  indicator: Indicator;
  input: IndicatorInput;
  score: IndicatorScore;
}

/** Index of the band with the fewest points above `points` (bands are best first). */
function nearestBetterBand(bands: readonly Band[], points: number): number {
  for (let i = bands.length - 1; i >= 0; i -= 1) {
    const band = bands[i];
    if (band !== undefined && band.points > points) return i;
  }
  return -1;
}

type GapRest = Pick<Gap, 'nextPoints' | 'band' | 'needed' | 'change' | 'reachable' | 'provenance'>;

/** What would improve one scored indicator, `null` when it is at its maximum or nothing improves it. */
export function gapOf({ criterion, indicator, input, score }: GapInput): Gap | null {
  if (score.points >= indicator.maxPoints) return null;
  const finish = (rest: GapRest, finding: GapFinding): Gap => {
    const { message, messageVi } = gapText(finding);
    return {
      criterion: criterion.number,
      indicator: indicator.code,
      kind: indicator.kind,
      currentPoints: score.points,
      nextPoints: rest.nextPoints,
      gain: rest.nextPoints - score.points,
      band: rest.band,
      needed: rest.needed,
      change: rest.change,
      reachable: rest.reachable,
      provenance: rest.provenance,
      message,
      messageVi,
    };
  };
  const at = { indicator: indicator.code, points: score.points, maxPoints: indicator.maxPoints };

  switch (indicator.kind) {
    case 'RATE': {
      if (input.kind !== 'RATE') return null;
      const targetIndex = nearestBetterBand(indicator.bands, score.points);
      const target = indicator.bands[targetIndex];
      if (target === undefined) return null;
      const targetRef: BandRef = { index: targetIndex, op: target.op, threshold: target.threshold };
      const { numerator, denominator } = input;
      const finding = { kind: 'RATE', ...at, numerator, denominator, target } as const;
      const needed = denominator === 0 ? null : numeratorReachingBand(target, denominator);
      if (needed === null) {
        return finish(
          {
            nextPoints: target.points,
            band: targetRef,
            needed: null,
            change: null,
            reachable: false,
            provenance: scoredProvenance(indicator, targetRef),
          },
          { ...finding, reach: null },
        );
      }
      const reached = scoreIndicator(indicator, { kind: 'RATE', numerator: needed, denominator });
      const change = needed - numerator;
      return finish(
        {
          nextPoints: reached.points,
          band: reached.band,
          needed: { numerator: needed, denominator, count: null, value: null, grade: null },
          change,
          reachable: true,
          provenance: scoredProvenance(indicator, reached.band),
        },
        {
          ...finding,
          reach: {
            needed,
            points: reached.points,
            change,
            band: reached.band ?? target,
            higherIsBetter: indicator.direction === 'HIGHER_IS_BETTER',
          },
        },
      );
    }
    case 'COUNT': {
      if (input.kind !== 'COUNT') return null;
      const targetIndex = nearestBetterBand(indicator.bands, score.points);
      const target = indicator.bands[targetIndex];
      if (target === undefined) return null;
      const targetRef: BandRef = { index: targetIndex, op: target.op, threshold: target.threshold };
      const finding = { kind: 'COUNT', ...at, count: input.count, target } as const;
      const needed = countReachingBand(target);
      if (needed === null) {
        return finish(
          {
            nextPoints: target.points,
            band: targetRef,
            needed: null,
            change: null,
            reachable: false,
            provenance: scoredProvenance(indicator, targetRef),
          },
          { ...finding, reach: null },
        );
      }
      const reached = scoreIndicator(indicator, { kind: 'COUNT', count: needed });
      const change = needed - input.count;
      return finish(
        {
          nextPoints: reached.points,
          band: reached.band,
          needed: { numerator: null, denominator: null, count: needed, value: null, grade: null },
          change,
          reachable: true,
          provenance: scoredProvenance(indicator, reached.band),
        },
        { ...finding, reach: { needed, points: reached.points, change } },
      );
    }
    case 'BOOLEAN': {
      if (input.kind !== 'BOOLEAN') return null;
      const other = !input.value;
      const nextPoints = other ? indicator.pointsIfYes : indicator.pointsIfNo;
      if (nextPoints <= score.points) return null;
      return finish(
        {
          nextPoints,
          band: null,
          needed: { numerator: null, denominator: null, count: null, value: other, grade: null },
          change: null,
          reachable: true,
          provenance: label(indicator.status),
        },
        { kind: 'BOOLEAN', ...at, answer: input.value, nextPoints },
      );
    }
    case 'GRADED': {
      if (input.kind !== 'GRADED') return null;
      let next: (typeof indicator.grades)[number] | undefined;
      for (const grade of indicator.grades) {
        if (grade.points > score.points && (next === undefined || grade.points < next.points)) next = grade;
      }
      if (next === undefined) return null;
      return finish(
        {
          nextPoints: next.points,
          band: null,
          needed: { numerator: null, denominator: null, count: null, value: null, grade: next.grade },
          change: null,
          reachable: true,
          provenance: label(indicator.status),
        },
        { kind: 'GRADED', ...at, grade: input.grade, next: { grade: next.grade, points: next.points } },
      );
    }
    default:
      return assertNever(indicator, 'indicator kind');
  }
}
