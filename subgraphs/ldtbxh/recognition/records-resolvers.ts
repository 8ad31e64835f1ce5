/**
 * What the levels decide and record beside the procedure: their own targets (a district for its
 * district, the province for the province; plan §V.11.b, §VI.1) and the reward decisions and
 * proposals to the provincial Chairman (§V.11.d, funded under §IV.2).
 */
import { withActor } from '../../../shared/audit/actor';
import type { Resolvers } from '../generated/schema-types';
import { actorFor, authorizeDistrictWork, authorizeProvinceWork } from '../../../shared/authorization';
import { hubError, notFound } from '../../../shared/errors';
import { roundedPercent } from '../../../shared/format';
import { invalidTextReason } from '../../../shared/text';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { reportingProcedure } from '../procedure/place';
import { requireYear, scopeData, yearCycles } from './overview';
import {
  insertLevelTarget,
  insertRewardRecord,
  type LevelTargetRow,
  type RewardKind,
  type RewardRecordRow,
} from './records-store';
import { REWARD_KIND_VI } from './reward-rule';
import { streakEndingAt } from './streaks';

/** Run length each kind of record needs. */
const RUN: Readonly<Record<RewardKind, number>> = Object.freeze({
  DISTRICT_REWARD: 3,
  CHAIRMAN_PROPOSAL: 5,
  CHAIRMAN_REWARD: 5,
});

function text(
  value: string | null | undefined,
  field: string,
  max: number,
  vi: string,
  code: 'INVALID_TARGET' | 'REWARD_RECORD_INVALID',
): string {
  const normal = (value ?? '').normalize('NFC').trim();
  if (normal === '') throw hubError(code, `${field} is required`, { field, messageVi: `chưa nhập ${vi}` });
  const invalid = invalidTextReason(normal);
  if (invalid !== null)
    throw hubError(code, `${field} holds ${invalid}`, { field, messageVi: `${vi} có ký tự không hợp lệ` });
  if ([...normal].length > max)
    throw hubError(code, `${field} is longer than ${max} characters`, {
      field,
      messageVi: `${vi} dài quá ${max} ký tự`,
    });
  return normal;
}

/** A level's own target as the graph shows it, with the shares it makes of the scope's communes (rounded half up). */
export function levelTargetView(row: LevelTargetRow) {
  return {
    ...row,
    newSharePct: roundedPercent(row.newCount, row.communes, 1),
    recognisedSharePct: row.recognisedCount === null ? null : roundedPercent(row.recognisedCount, row.communes, 1),
    setAt: row.setAt.toISOString(),
  };
}

/** A reward record as `RewardDecision` resolves it. */
export type RewardRecordView = ReturnType<typeof rewardRecordView>;

/** A reward record as the graph shows it (`commune` is resolved from `communeCode`). */
export function rewardRecordView(row: RewardRecordRow) {
  return {
    ...row,
    kindVi: REWARD_KIND_VI[row.kind],
    recordedAt: row.recordedAt.toISOString(),
  };
}

/**
 * Which communes a scope has in a year, after checking the caller may set its target and that the
 * level exists then: a district only while the year's reporting line has districts (the two-tier
 * map from 1 July 2025 has none: the province sets the targets).
 */
async function scopeCommunes(ctx: LdtbxhContext, scope: string, year: number): Promise<number> {
  const match = /^(district|province):([0-9]+)$/.exec(scope);
  if (match === null)
    throw hubError('INVALID_TARGET', `scope "${scope}" is not district:<code> or province:<code>`, {
      field: 'scope',
      messageVi: 'phạm vi phải là district:<mã huyện> hoặc province:<mã tỉnh>',
    });
  const [, level, code = ''] = match;
  if (level === 'province') {
    authorizeProvinceWork(ctx.identity, code, `set the targets of province ${code}`);
    const communes = await ctx.places.communesOfProvince.load(inYearKey(code, year));
    if (communes.length === 0)
      throw hubError('INVALID_TARGET', `province ${code} has no commune in ${year}`, {
        field: 'scope',
        messageVi: `tỉnh ${code} không có đơn vị cấp xã năm ${year}`,
      });
    return new Set(communes.map((c) => c.code)).size;
  }
  authorizeDistrictWork(ctx.identity, code, `set the targets of district ${code}`);
  const [district, reporting] = await Promise.all([
    ctx.places.districtAt.load(inYearKey(code, { kind: 'date', date: `${year}-12-31` })),
    reportingProcedure(ctx, year),
  ]);
  if (district === null || district === undefined || reporting.reportingLevel === 'PROVINCE') {
    throw hubError(
      'INVALID_TARGET',
      `district ${code} sets no target for ${year}: ${district ? `communes report to the province in ${year} (procedure from ${reporting.validFrom})` : 'it does not exist at the end of that year'}; the province sets it`,
      {
        field: 'scope',
        messageVi: `năm ${year} không còn cấp huyện${district ? '' : ` (huyện ${code} không tồn tại)`}: chỉ tiêu do tỉnh đề ra`,
      },
    );
  }
  const communes = await ctx.places.communesOfDistrict.load(inYearKey(code, year));
  if (communes.length === 0)
    throw hubError('INVALID_TARGET', `district ${code} has no commune in ${year}`, {
      field: 'scope',
      messageVi: `huyện ${code} không có đơn vị cấp xã năm ${year}`,
    });
  return new Set(communes.map((c) => c.code)).size;
}

function count(value: number | null | undefined, field: string, communes: number, vi: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0 || value > communes) {
    throw hubError(
      'INVALID_TARGET',
      `${field} must be a whole number from 0 to ${communes} (the communes of the scope), got ${value}`,
      { field, messageVi: `${vi} phải là số nguyên từ 0 đến ${communes}` },
    );
  }
  return value;
}

export const recordsResolvers: Resolvers = {
  Mutation: {
    setOwnTarget: async (_, args, ctx) => {
      const { input } = args;
      const year = requireYear(input.year);
      const communes = await scopeCommunes(ctx, input.scope, year);
      const newCount = count(input.newCount, 'newCount', communes, 'số đơn vị công nhận thêm') ?? 0;
      const recognisedCount = count(input.recognisedCount, 'recognisedCount', communes, 'số đơn vị đạt chuẩn');
      const note = text(input.note, 'note', 500, 'căn cứ', 'INVALID_TARGET');
      const actor = actorFor(ctx.identity, ctx.requestId);
      const level = input.scope.startsWith('district:') ? 'DISTRICT' : 'PROVINCE';
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertLevelTarget(m, {
          scope: input.scope,
          year,
          level,
          newCount,
          recognisedCount,
          communes,
          note,
          setBy: actor.name,
        }),
      );
      return levelTargetView(row);
    },
    recordRewardDecision: async (_, args, ctx) => {
      const { input } = args;
      const year = requireYear(input.year);
      const commune = await ctx.places.communeAt.load(inYearKey(input.commune, year));
      if (!commune)
        throw hubError('NOT_FOUND', `commune ${input.commune} did not exist in ${year}`, { field: 'commune' });
      if (input.kind === 'CHAIRMAN_REWARD')
        authorizeProvinceWork(ctx.identity, commune.provinceCode, `record the Chairman's reward of ${commune.code}`);
      else if (commune.districtCode !== null)
        authorizeDistrictWork(
          ctx.identity,
          commune.districtCode,
          `record a district's reward or proposal for ${commune.code}`,
        );
      else authorizeProvinceWork(ctx.identity, commune.provinceCode, `record a reward or proposal for ${commune.code}`);
      const number = text(input.number, 'number', 100, 'số văn bản', 'REWARD_RECORD_INVALID');
      const signer = text(input.signer, 'signer', 200, 'người ký', 'REWARD_RECORD_INVALID');
      const form = text(input.form, 'form', 300, 'hình thức khen thưởng', 'REWARD_RECORD_INVALID');
      const day = new Date(`${input.date}T00:00:00Z`);
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(input.date) ||
        Number.isNaN(day.getTime()) ||
        day.toISOString().slice(0, 10) !== input.date
      ) {
        throw hubError('REWARD_RECORD_INVALID', `date "${input.date}" is not a real YYYY-MM-DD date`, {
          field: 'date',
          messageVi: `ngày văn bản "${input.date}" không hợp lệ`,
        });
      }
      if (Number(input.date.slice(0, 4)) < year)
        throw hubError('REWARD_RECORD_INVALID', `date ${input.date} is before the year ${year} it rewards`, {
          field: 'date',
          messageVi: `ngày văn bản ${input.date} trước năm ${year}`,
        });
      const data = await scopeData(ctx, commune.provinceCode, year);
      const streak = streakEndingAt(yearCycles(data.cycles.get(commune.code) ?? []), year);
      const run = RUN[input.kind];
      if (streak < run) {
        throw hubError(
          'REWARD_RECORD_INVALID',
          `commune ${commune.code} has ${streak} consecutive recognised years ending ${year}; a ${input.kind} rests on ${run} (the hub's reading of plan §V.11.d)`,
          {
            field: 'commune',
            streak,
            messageVi: `${commune.name} mới đạt chuẩn ${streak} năm liên tục đến năm ${year}, chưa đủ ${run} năm`,
          },
        );
      }
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertRewardRecord(m, {
          kind: input.kind,
          communeCode: commune.code,
          year,
          streak,
          number,
          date: input.date,
          signer,
          form,
          recordedBy: actor.name,
        }),
      );
      if (row === null)
        throw hubError('CONFLICT', `a ${input.kind} of commune ${commune.code} for ${year} is already recorded`, {
          field: 'commune',
          messageVi: `đã ghi nhận văn bản này cho ${commune.name} năm ${year}`,
        });
      return rewardRecordView(row);
    },
  },
  RewardDecision: {
    // The unit the code designated in the year rewarded.
    commune: async (decision, _, ctx) => {
      const commune =
        (await ctx.places.communeAt.load(inYearKey(decision.communeCode, decision.year))) ??
        (await ctx.places.communeByCode.load(decision.communeCode));
      if (!commune) throw notFound('commune', decision.communeCode);
      return commune;
    },
  },
};
