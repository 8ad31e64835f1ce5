import { badInput } from '../../../shared/errors';

/** Years the hub accepts in arguments. */
export function checkYear(year: number | null | undefined, field = 'year'): number | null {
  if (year === null || year === undefined) return null;
  if (year < 2000 || year > 2100) throw badInput(field, `${field} ${year} is outside 2000–2100`);
  return year;
}
