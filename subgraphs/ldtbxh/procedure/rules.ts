/**
 * Which procedure applies to a commune-year: the period in force on the last day the year's unit
 * stands for (31 December, or the unit's last day when it ended during the year). A unit of the
 * old map is decided by its district (plan 965); a unit of the two-tier map by its province.
 */
import type { CommuneRow } from '../../../shared/reference/reader';
import { procedureOn, type ProcedurePeriod } from './store';

/** The day whose procedure applies to `unit` in `year`. */
export function procedureDay(unit: Pick<CommuneRow, 'validTo'>, year: number): string {
  const end = `${year}-12-31`;
  return unit.validTo !== null && unit.validTo < end ? unit.validTo : end;
}

export function procedureForUnit(
  periods: readonly ProcedurePeriod[],
  unit: Pick<CommuneRow, 'validTo'>,
  year: number,
): ProcedurePeriod {
  return procedureOn(periods, procedureDay(unit, year));
}
