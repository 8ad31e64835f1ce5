/**
 * Following up the departments (plan 965/KH-UBND §V.1 "kiểm tra, giám sát"; closing paragraph
 * "theo dõi, đôn đốc"): for a year, which department has published what for which district —
 * every indicator of the criteria set assigned to the year that the department owns, for every
 * commune of the district — and what is missing or late against the deadline the province set.
 *
 * Rules:
 * - **expected**: communes of the district × the department's indicators of the year's set;
 *   **published**: those with a value stored under that set; **missing**: the others, listed by
 *   commune with their indicator codes (exactly the missing publications).
 * - **late**: the deadline is a day ("đến hết ngày"): a value is on time when its current revision
 *   was published before 00:00 Vietnam time (UTC+7) of the next day. A value corrected after the
 *   deadline counts as late — the figure standing at the deadline was not the final one.
 * - **overdue**: the deadline has passed (by the caller's clock) and publications are missing.
 * - No deadline set: nothing is late or overdue (`deadline` null), missing is still missing.
 * Pure.
 */
import type { DepartmentCode } from '../../../shared/departments';

/** What a department has published for a commune: the indicator and when its current revision was published. */
export interface PublishedValue {
  communeCode: string;
  criteriaSetId: string;
  indicator: string;
  /** ISO 8601. */
  publishedAt: string;
}

/** A group of communes a line covers: a district, or the province on the two-tier map. */
export interface FollowUpGroup {
  /** District code; `null` for communes that report to the province directly. */
  districtCode: string | null;
  name: string;
  communes: readonly { code: string; name: string }[];
}

export interface CompletenessInput {
  year: number;
  criteriaSetId: string;
  /** The department of each indicator of the set, in the set's order. */
  indicators: readonly { code: string; department: DepartmentCode }[];
  /** The departments to follow up, in the plan's order. */
  departments: readonly DepartmentCode[];
  groups: readonly FollowUpGroup[];
  /** Every department's values of the year, for the communes of the groups (any set: others are ignored). */
  published: ReadonlyMap<DepartmentCode, readonly PublishedValue[]>;
  /** The deadline (`YYYY-MM-DD`) the province set per department; absent = none. */
  deadlines: ReadonlyMap<DepartmentCode, string>;
  now: Date;
}

/** One commune with what it lacks (or has late). */
export interface CommuneIndicators {
  communeCode: string;
  communeName: string;
  indicators: string[];
}

/** One line of the table: a department × a district (or the province's direct communes) × the year. */
export interface CompletenessLine {
  department: DepartmentCode;
  districtCode: string | null;
  groupName: string;
  year: number;
  expected: number;
  published: number;
  missing: number;
  /** Published after the deadline; `null` without a deadline. */
  late: number | null;
  deadline: string | null;
  overdue: boolean;
  missingList: CommuneIndicators[];
  lateList: CommuneIndicators[];
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The first late instant of a deadline day: 00:00 Vietnam time of the next day.
 * @throws RangeError for a date that is not a real `YYYY-MM-DD`.
 */
export function deadlineEnd(deadline: string): Date {
  const day = new Date(`${deadline}T00:00:00.000Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(deadline) ||
    Number.isNaN(day.getTime()) ||
    day.toISOString().slice(0, 10) !== deadline
  ) {
    throw new RangeError(`deadline must be a real YYYY-MM-DD date, got ${deadline}`);
  }
  return new Date(day.getTime() + 24 * 60 * 60 * 1000 - VIETNAM_OFFSET_MS);
}

/**
 * The completeness table: one line per department (in `departments` order) × group (in `groups`
 * order). Missing and late lists are ordered by commune code, then by the set's indicator order.
 */
export function completeness(input: CompletenessInput): CompletenessLine[] {
  const order = new Map(input.indicators.map((indicator, index) => [indicator.code, index]));
  const lines: CompletenessLine[] = [];
  for (const department of input.departments) {
    const own = input.indicators.filter((i) => i.department === department).map((i) => i.code);
    const deadline = input.deadlines.get(department) ?? null;
    const end = deadline === null ? null : deadlineEnd(deadline).getTime();
    const byCommune = new Map<string, Map<string, number>>();
    for (const value of input.published.get(department) ?? []) {
      if (value.criteriaSetId !== input.criteriaSetId || !order.has(value.indicator)) continue;
      const at = new Date(value.publishedAt).getTime();
      if (Number.isNaN(at))
        throw new RangeError(`value ${value.communeCode}/${value.indicator} has no valid publication time`);
      const values = byCommune.get(value.communeCode) ?? new Map<string, number>();
      values.set(value.indicator, at);
      byCommune.set(value.communeCode, values);
    }
    for (const group of input.groups) {
      const missingList: CommuneIndicators[] = [];
      const lateList: CommuneIndicators[] = [];
      let published = 0;
      const communes = [...group.communes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      for (const commune of communes) {
        const values = byCommune.get(commune.code);
        const missing: string[] = [];
        const late: string[] = [];
        for (const code of own) {
          const at = values?.get(code);
          if (at === undefined) missing.push(code);
          else {
            published += 1;
            if (end !== null && at >= end) late.push(code);
          }
        }
        if (missing.length > 0)
          missingList.push({ communeCode: commune.code, communeName: commune.name, indicators: missing });
        if (late.length > 0) lateList.push({ communeCode: commune.code, communeName: commune.name, indicators: late });
      }
      const expected = own.length * communes.length;
      lines.push({
        department,
        districtCode: group.districtCode,
        groupName: group.name,
        year: input.year,
        expected,
        published,
        missing: expected - published,
        late: end === null ? null : lateList.reduce((sum, c) => sum + c.indicators.length, 0),
        deadline,
        overdue: end !== null && input.now.getTime() >= end && published < expected,
        missingList,
        lateList,
      });
    }
  }
  return lines;
}
