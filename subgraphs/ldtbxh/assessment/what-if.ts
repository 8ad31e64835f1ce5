/**
 * What-if: published values with supposed ones in their place, validated like a publication.
 */
import { validateInput } from '../../../shared/criteria/scoring';
import type { InputField, InputProblem, InputProblemCode } from '../../../shared/criteria/scoring';
import type { CriteriaSet } from '../../../shared/criteria/types';
import type { PublishedValue, RawValues } from './model';
import { indicatorsByCode } from './set-index';

/** Raw inputs that replace (or add) the value of one indicator in a what-if assessment. */
export interface IndicatorOverride {
  indicator: string;
  numerator?: number | null;
  denominator?: number | null;
  count?: number | null;
  value?: boolean | null;
  grade?: string | null;
}

/** Codes of {@link WhatIfError}. */
export type WhatIfErrorCode = 'UNKNOWN_INDICATOR' | 'DUPLICATE_OVERRIDE' | InputProblemCode;

/**
 * An override that cannot be applied. `code` is `UNKNOWN_INDICATOR` (field `indicator`),
 * `DUPLICATE_OVERRIDE` (the same indicator twice, field `indicator`) or the first
 * `validateInput` problem's code and field; `problems` lists every input problem.
 */
export class WhatIfError extends Error {
  override readonly name = 'WhatIfError';
  readonly code: WhatIfErrorCode;
  readonly indicator: string;
  readonly field: 'indicator' | InputField;
  readonly problems: readonly InputProblem[];

  constructor(
    code: WhatIfErrorCode,
    indicator: string,
    field: 'indicator' | InputField,
    message: string,
    problems: readonly InputProblem[] = [],
  ) {
    super(message);
    this.code = code;
    this.indicator = indicator;
    this.field = field;
    this.problems = problems;
  }
}

/** Provenance given to every what-if value. */
export const WHAT_IF_SOURCE = Object.freeze({ publishedBy: 'what-if', publishedAt: '', revision: 0 });

/**
 * `values` with each override applied: every published value of the overridden indicator (from
 * any department) is replaced by one value of its owning department, marked
 * {@link WHAT_IF_SOURCE}, at the position of the first replaced value (appended when there was
 * none). Other values are returned unchanged and in order; the arguments are not modified.
 * Throws {@link WhatIfError} for an indicator not in `set`, an indicator overridden twice, or
 * inputs that `validateInput` rejects (absent fields are `VALUE_REQUIRED`, never 0).
 */
export function applyOverrides(
  values: readonly PublishedValue[],
  overrides: readonly IndicatorOverride[],
  set: CriteriaSet,
): PublishedValue[] {
  const indicators = indicatorsByCode(set);
  const replacements = new Map<string, PublishedValue>();
  for (const override of overrides) {
    const indicator = indicators.get(override.indicator)?.indicator;
    if (indicator === undefined) {
      throw new WhatIfError(
        'UNKNOWN_INDICATOR',
        override.indicator,
        'indicator',
        `indicator ${override.indicator} is not in criteria set ${set.id} version ${set.version}`,
      );
    }
    if (replacements.has(indicator.code)) {
      throw new WhatIfError(
        'DUPLICATE_OVERRIDE',
        indicator.code,
        'indicator',
        `indicator ${indicator.code} is overridden more than once`,
      );
    }
    const raw: RawValues = {
      numerator: override.numerator ?? null,
      denominator: override.denominator ?? null,
      count: override.count ?? null,
      value: override.value ?? null,
      grade: override.grade ?? null,
    };
    const problems = validateInput(indicator, raw);
    const first = problems[0];
    if (first !== undefined) {
      throw new WhatIfError(
        first.code,
        indicator.code,
        first.field,
        `what-if value of indicator ${indicator.code}: ${problems.map((p) => p.message).join('; ')}`,
        problems,
      );
    }
    replacements.set(indicator.code, {
      indicator: indicator.code,
      department: indicator.department,
      kind: indicator.kind,
      ...raw,
      ...WHAT_IF_SOURCE,
    });
  }
  const result: PublishedValue[] = [];
  const placed = new Set<string>();
  for (const value of values) {
    const replacement = replacements.get(value.indicator);
    if (replacement === undefined) {
      result.push(value);
    } else if (!placed.has(value.indicator)) {
      result.push(replacement);
      placed.add(value.indicator);
    }
  }
  for (const [code, replacement] of replacements) {
    if (!placed.has(code)) result.push(replacement);
  }
  return result;
}
