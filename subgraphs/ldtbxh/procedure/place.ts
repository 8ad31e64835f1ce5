/**
 * Where a commune-year's decision is taken and where its report goes: the procedure of the
 * period its unit stands in (rules.ts), with what the authorization needs to know about the
 * unit's district and the provinces that hold its territory now.
 */
import type { DecisionPlace } from '../../../shared/authorization';
import type { CommuneRow } from '../../../shared/reference/reader';
import type { LdtbxhContext } from '../context';
import { procedureForUnit } from './rules';
import { procedureOn, type ProcedurePeriod } from './store';

export async function decisionPlace(ctx: LdtbxhContext, unit: CommuneRow, year: number): Promise<DecisionPlace> {
  const procedure = procedureForUnit(await ctx.procedure.load('now'), unit, year);
  const [district, province, links] = await Promise.all([
    unit.districtCode === null ? Promise.resolve(null) : ctx.places.districtByCode.load(unit.districtCode),
    ctx.places.provinceByCode.load(unit.provinceCode),
    ctx.places.linksOutOf.load(unit.id),
  ]);
  const provincesNow = new Set<string>();
  if (province && province.validTo === null && unit.validTo === null) provincesNow.add(unit.provinceCode);
  const successors = await ctx.places.communeById.loadMany(
    links.flatMap((l) => (l.newCommuneId === null ? [] : [l.newCommuneId])),
  );
  for (const s of successors) if (s && !(s instanceof Error)) provincesNow.add(s.provinceCode);
  return {
    level: procedure.recognisingLevel,
    since: procedure.validFrom,
    districtEnded: unit.districtCode === null || district === null || district.validTo !== null,
    provincesNow: [...provincesNow],
  };
}

/** The procedure whose reporting line applies to a year's reports (the map of 31 December). */
export async function reportingProcedure(ctx: LdtbxhContext, year: number): Promise<ProcedurePeriod> {
  return procedureOn(await ctx.procedure.load('now'), `${year}-12-31`);
}
