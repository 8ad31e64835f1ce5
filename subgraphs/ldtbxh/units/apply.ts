/**
 * Applying reorganisations to the reference data: close the periods that end, open the new ones,
 * record the lineage, all in the caller's transaction (withActor: audited, one transaction for
 * every reorganisation given). Nothing recorded is rewritten: a stored period is only ever closed
 * (valid_to set once), a reused code opens a new period, and a file that contradicts what is
 * stored is refused naming its row. Applying the same files again changes nothing.
 */
import type { EntityManager } from 'typeorm';
import { dayBefore, UnitsFileError, type FileIssue, type LineageLine, type Resolution } from './files';

/** What applying one reorganisation did (or, in a dry run, would do). */
export interface ResolutionSummary {
  name: string;
  effectiveFrom: string;
  provincesOpened: number;
  provincesClosed: number;
  districtsClosed: number;
  communesOpened: number;
  communesUnchanged: number;
  communesClosed: number;
  linksRecorded: number;
  retiredClosed: number;
  /** Old units of the lineage the hub never stored (recorded by code and name only). */
  predecessorsNotStored: number;
  /** Retired units the hub never stored (nothing to close). */
  retiredNotStored: number;
  /** Facts kept as the source gives them though they contradict the stored data (e.g. an old province code). */
  notes: string[];
  /** True when nothing had to change (already applied). */
  unchanged: boolean;
}

interface Period {
  id: number;
  code: string;
  name: string;
  type: string;
  districtCode: string | null;
  provinceCode: string;
  validFrom: string | null;
  validTo: string | null;
}

const PERIOD = `id, code, name, type, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"`;

function inForceOn(p: { validFrom: string | null; validTo: string | null }, day: string): boolean {
  return (p.validFrom === null || p.validFrom <= day) && (p.validTo === null || p.validTo >= day);
}

function group<T extends { code: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(row.code, [...(map.get(row.code) ?? []), row]);
  return map;
}

/**
 * Applies one validated reorganisation in the transaction `m`.
 * @throws UnitsFileError naming every row that contradicts the stored data; the caller's
 * transaction then stores nothing.
 */
export async function applyResolution(m: EntityManager, r: Resolution, appliedBy: string): Promise<ResolutionSummary> {
  const issues: FileIssue[] = [];
  const notes: string[] = [];
  const D = r.effectiveFrom;
  const before = dayBefore(D);
  const summary: ResolutionSummary = {
    name: r.name,
    effectiveFrom: D,
    provincesOpened: 0,
    provincesClosed: 0,
    districtsClosed: 0,
    communesOpened: 0,
    communesUnchanged: 0,
    communesClosed: 0,
    linksRecorded: 0,
    retiredClosed: 0,
    predecessorsNotStored: 0,
    retiredNotStored: 0,
    notes,
    unchanged: true,
  };

  // ---- provinces ----------------------------------------------------------------------------
  const storedProvinces: Period[] = await m.query(
    `SELECT ${PERIOD}, NULL AS "districtCode", code AS "provinceCode" FROM reference.province ORDER BY code, valid_from NULLS FIRST`,
  );
  const provincesByCode = group(storedProvinces);
  const provinceClose = new Set<number>();
  const provinceOpen: { code: string; name: string; type: string }[] = [];
  if (r.provinces) {
    const listed = new Set(r.provinces.rows.map((p) => p.code));
    for (const row of r.provinces.rows) {
      const periods = provincesByCode.get(row.code) ?? [];
      const same = periods.find((p) => p.validFrom === D);
      if (same) {
        if (same.name !== row.name || same.type !== row.type)
          issues.push({
            file: r.provinces.file,
            line: row.line,
            field: 'province_name',
            code: 'PERIOD_CONFLICT',
            message: `province ${row.code} is stored from ${D} as "${same.name}" (${same.type}); the file says "${row.name}" (${row.type})`,
          });
        continue;
      }
      const later = periods.find(
        (p) => (p.validFrom !== null && p.validFrom > D) || (p.validTo !== null && p.validTo >= D),
      );
      if (later) {
        issues.push({
          file: r.provinces.file,
          line: row.line,
          field: 'province_code',
          code: 'PERIOD_CONFLICT',
          message: `province ${row.code} "${later.name}" is recorded in force on or after ${D} (${later.validFrom ?? '…'}–${later.validTo ?? '…'}); nothing recorded is rewritten`,
        });
        continue;
      }
      const open = periods.find((p) => p.validTo === null);
      if (open) provinceClose.add(open.id);
      provinceOpen.push({ code: row.code, name: row.name, type: row.type });
    }
    // The list is every province from D: the others of the old map end the day before.
    for (const p of storedProvinces)
      if (p.validTo === null && !listed.has(p.code) && (p.validFrom === null || p.validFrom < D))
        provinceClose.add(p.id);
  }
  const provinceInForce = (code: string): { name: string } | null => {
    const opened = provinceOpen.find((p) => p.code === code);
    if (opened) return opened;
    const p = (provincesByCode.get(code) ?? []).find((x) => inForceOn(x, D) && !provinceClose.has(x.id));
    return p ?? null;
  };

  // ---- communes: new units --------------------------------------------------------------------
  const codes = new Set<string>();
  for (const u of r.units?.rows ?? []) codes.add(u.code);
  for (const l of r.lineage?.rows ?? []) if (l.oldCode) codes.add(l.oldCode);
  for (const x of r.retired?.rows ?? []) codes.add(x.code);
  const stored: Period[] = await m.query(
    `SELECT ${PERIOD}, district_code AS "districtCode", province_code AS "provinceCode" FROM reference.commune WHERE code = ANY($1) ORDER BY code, valid_from NULLS FIRST`,
    [[...codes]],
  );
  const communesByCode = group(stored);
  const close = new Map<number, string>();
  const open: { code: string; name: string; type: string; districtCode: string | null; provinceCode: string }[] = [];
  const oldCodes = new Set((r.lineage?.rows ?? []).map((l) => l.oldCode).filter((c): c is string => c !== null));
  let districtsOnD: Set<string> | null = null;
  if (r.units && !r.twoTier) {
    const rows: { code: string; province_code: string }[] = await m.query(
      `SELECT code, province_code FROM reference.district WHERE (valid_from IS NULL OR valid_from <= $1::date) AND (valid_to IS NULL OR valid_to >= $1::date)`,
      [D],
    );
    districtsOnD = new Set(rows.map((d) => `${d.code}|${d.province_code}`));
  }
  for (const unit of r.units?.rows ?? []) {
    const file = r.units?.file ?? '';
    const province = provinceInForce(unit.provinceCode);
    if (!province)
      issues.push({
        file,
        line: unit.line,
        field: 'province_code',
        code: 'UNKNOWN_PROVINCE',
        message: `province ${unit.provinceCode} is not in force on ${D} (give a provinces list, or apply the reorganisation that creates it first)`,
      });
    else if (province.name.normalize('NFC') !== unit.provinceName)
      issues.push({
        file,
        line: unit.line,
        field: 'province_name',
        code: 'NAME_MISMATCH',
        message: `province ${unit.provinceCode} is "${province.name}" on ${D}; the file says "${unit.provinceName}"`,
      });
    if (districtsOnD && unit.districtCode !== null && !districtsOnD.has(`${unit.districtCode}|${unit.provinceCode}`)) {
      issues.push({
        file,
        line: unit.line,
        field: 'district_code',
        code: 'UNKNOWN_DISTRICT',
        message: `district ${unit.districtCode} of province ${unit.provinceCode} is not in force on ${D}`,
      });
    }
    const periods = communesByCode.get(unit.code) ?? [];
    const same = periods.find((p) => p.validFrom === D);
    if (same) {
      if (
        same.name !== unit.name ||
        same.type !== unit.type ||
        same.provinceCode !== unit.provinceCode ||
        same.districtCode !== unit.districtCode
      ) {
        issues.push({
          file,
          line: unit.line,
          field: 'unit_name',
          code: 'PERIOD_CONFLICT',
          message: `unit ${unit.code} is stored from ${D} as "${same.name}" (${same.type}, province ${same.provinceCode}, district ${same.districtCode ?? 'none'}); the file differs`,
        });
      } else summary.communesUnchanged += 1;
      continue;
    }
    const later = periods.find(
      (p) => (p.validFrom !== null && p.validFrom > D) || (p.validTo !== null && p.validTo >= D),
    );
    if (later) {
      issues.push({
        file,
        line: unit.line,
        field: 'unit_code',
        code: 'PERIOD_CONFLICT',
        message: `code ${unit.code} is recorded for "${later.name}" on or after ${D} (${later.validFrom ?? '…'}–${later.validTo ?? '…'}); nothing recorded is rewritten: apply reorganisations in date order`,
      });
      continue;
    }
    const current = periods.find((p) => p.validTo === null);
    if (current && !oldCodes.has(unit.code)) {
      issues.push({
        file,
        line: unit.line,
        field: 'unit_code',
        code: 'REUSED_CODE_NOT_IN_LINEAGE',
        message: `code ${unit.code} designates "${current.name}" until now, and the lineage table does not say what became of it`,
      });
      continue;
    }
    open.push({
      code: unit.code,
      name: unit.name,
      type: unit.type,
      districtCode: unit.districtCode,
      provinceCode: unit.provinceCode,
    });
  }

  // ---- communes: old units of the lineage -----------------------------------------------------
  const oldPeriodOf = new Map<string, Period | null>();
  for (const link of r.lineage?.rows ?? []) {
    if (link.oldCode === null || oldPeriodOf.has(link.oldCode)) continue;
    const periods = communesByCode.get(link.oldCode) ?? [];
    const then = periods.find((p) => inForceOn(p, before));
    if (!then) {
      const ended = periods.filter((p) => p.validTo !== null && p.validTo < before).at(-1);
      if (ended) {
        issues.push({
          file: r.lineage?.file ?? '',
          line: link.line,
          field: 'old_unit_code',
          code: 'PERIOD_CONFLICT',
          message: `unit ${link.oldCode} "${ended.name}" is recorded as ended on ${ended.validTo ?? ''}, but the lineage table has it on ${before}`,
        });
      }
      oldPeriodOf.set(link.oldCode, null);
      continue;
    }
    if (then.validTo !== null && then.validTo !== before) {
      issues.push({
        file: r.lineage?.file ?? '',
        line: link.line,
        field: 'old_unit_code',
        code: 'PERIOD_CONFLICT',
        message: `unit ${link.oldCode} "${then.name}" is recorded until ${then.validTo}; ending it on ${before} would rewrite a recorded period`,
      });
      continue;
    }
    if (then.validTo === null) close.set(then.id, before);
    if (then.provinceCode !== link.oldProvinceCode)
      notes.push(
        `line ${link.line}: old unit ${link.oldCode} is stored in province ${then.provinceCode}, the lineage table says ${link.oldProvinceCode} (kept as the source gives it)`,
      );
    oldPeriodOf.set(link.oldCode, then);
  }
  summary.predecessorsNotStored = [...oldPeriodOf.values()].filter((p) => p === null).length;

  // ---- retired units ---------------------------------------------------------------------------
  const retiredClose: { period: Period; line: number; note: string; name: string; validTo: string }[] = [];
  for (const row of r.retired?.rows ?? []) {
    const periods = communesByCode.get(row.code) ?? [];
    const then = periods.find((p) => inForceOn(p, row.validTo));
    if (!then) {
      // Ended on or before the date already (an earlier reorganisation), or never stored.
      if (!periods.some((p) => p.validTo !== null && p.validTo <= row.validTo)) summary.retiredNotStored += 1;
      continue;
    }
    if (then.validTo !== null && then.validTo !== row.validTo) {
      issues.push({
        file: r.retired?.file ?? '',
        line: row.line,
        field: 'valid_to',
        code: 'PERIOD_CONFLICT',
        message: `unit ${row.code} "${then.name}" is recorded until ${then.validTo}; nothing recorded is rewritten`,
      });
      continue;
    }
    if (then.validTo === null) {
      if (close.has(then.id))
        issues.push({
          file: r.retired?.file ?? '',
          line: row.line,
          field: 'code',
          code: 'RETIRED_AND_IN_LINEAGE',
          message: `unit ${row.code} is both retired and an old unit of the lineage table`,
        });
      else retiredClose.push({ period: then, line: row.line, note: row.note, name: row.name, validTo: row.validTo });
    }
  }
  if (issues.length > 0) throw new UnitsFileError(issues);

  // ---- writes: periods first (a reused code is closed before it is opened again), then the
  // resolution row with what was done, then the lineage that refers to it.
  if (provinceClose.size > 0) {
    await m.query(`UPDATE reference.province SET valid_to = $2 WHERE id = ANY($1) AND valid_to IS NULL`, [
      [...provinceClose],
      before,
    ]);
    summary.provincesClosed = provinceClose.size;
  }
  if (provinceOpen.length > 0) {
    await m.query(
      `INSERT INTO reference.province (code, name, type, valid_from, source) SELECT c, n, t, $4::date, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS x(c, n, t)`,
      [provinceOpen.map((p) => p.code), provinceOpen.map((p) => p.name), provinceOpen.map((p) => p.type), D, r.name],
    );
    summary.provincesOpened = provinceOpen.length;
  }
  if (close.size > 0) {
    await m.query(`UPDATE reference.commune SET valid_to = $2 WHERE id = ANY($1) AND valid_to IS NULL`, [
      [...close.keys()],
      before,
    ]);
    summary.communesClosed = close.size;
  }
  for (const x of retiredClose)
    await m.query(`UPDATE reference.commune SET valid_to = $2 WHERE id = $1 AND valid_to IS NULL`, [
      x.period.id,
      x.validTo,
    ]);
  summary.retiredClosed = retiredClose.length;
  if (r.twoTier) {
    const [closed] = (await m.query(
      `WITH ended AS (UPDATE reference.district SET valid_to = $1 WHERE valid_to IS NULL AND (valid_from IS NULL OR valid_from < $2::date) RETURNING id)
       SELECT count(*)::int AS n FROM ended`,
      [before, D],
    )) as { n: number }[];
    summary.districtsClosed = closed?.n ?? 0;
  }
  if (open.length > 0) {
    await m.query(
      `INSERT INTO reference.commune (code, name, type, district_code, province_code, valid_from, source)
       SELECT c, n, t, d, p, $6::date, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(c, n, t, d, p)`,
      [
        open.map((u) => u.code),
        open.map((u) => u.name),
        open.map((u) => u.type),
        open.map((u) => u.districtCode),
        open.map((u) => u.provinceCode),
        D,
        r.name,
      ],
    );
    summary.communesOpened = open.length;
  }
  let fresh: (LineageLine & { newId: number; oldId: number | null })[] = [];
  if (r.lineage) {
    const newIds: { id: number; code: string }[] = await m.query(
      `SELECT id, code FROM reference.commune WHERE valid_from = $1::date AND code = ANY($2)`,
      [D, r.lineage.rows.map((l) => l.newCode)],
    );
    const idOf = new Map(newIds.map((row) => [row.code, row.id]));
    const existing: { key: string }[] = await m.query(
      `SELECT coalesce(old_code, old_name) || '>' || new_commune_id AS key FROM reference.unit_lineage WHERE new_commune_id = ANY($1)`,
      [[...idOf.values()]],
    );
    const have = new Set(existing.map((e) => e.key));
    fresh = r.lineage.rows.flatMap((l) => {
      const newId = idOf.get(l.newCode);
      if (newId === undefined) throw new Error(`new unit ${l.newCode} not found after insert`);
      if (have.has(`${l.oldCode ?? l.oldName}>${newId}`)) return [];
      return [{ ...l, newId, oldId: l.oldCode === null ? null : (oldPeriodOf.get(l.oldCode)?.id ?? null) }];
    });
    summary.linksRecorded = fresh.length;
  }
  summary.unchanged =
    summary.provincesClosed +
      summary.provincesOpened +
      summary.communesClosed +
      summary.retiredClosed +
      summary.districtsClosed +
      summary.communesOpened +
      summary.linksRecorded ===
    0;
  if (!summary.unchanged) {
    const [row] = (await m.query(
      `INSERT INTO reference.unit_resolution (name, effective_from, content_hash, files, summary, applied_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [r.name, D, r.contentHash, JSON.stringify(r.files), JSON.stringify(summary), appliedBy],
    )) as { id: number }[];
    if (!row) throw new Error('resolution row not inserted');
    if (retiredClose.length > 0) {
      await m.query(
        `INSERT INTO reference.unit_lineage (resolution_id, old_commune_id, old_code, old_name, old_province_code, kind, share_note, source_note)
         SELECT $1, i, c, n, p, 'RETIRED', '', s FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(i, c, n, p, s)`,
        [
          row.id,
          retiredClose.map((x) => x.period.id),
          retiredClose.map((x) => x.period.code),
          retiredClose.map((x) => x.name),
          retiredClose.map((x) => x.period.provinceCode),
          retiredClose.map((x) => x.note),
        ],
      );
    }
    if (fresh.length > 0) {
      await m.query(
        `INSERT INTO reference.unit_lineage (resolution_id, old_commune_id, old_code, old_name, old_province_code, new_commune_id, new_code, new_name, kind, share_note, source_note)
         SELECT $1, oi, oc, onm, op, ni, nc, nn, k, sh, so
           FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) AS x(oi, oc, onm, op, ni, nc, nn, k, sh, so)`,
        [
          row.id,
          fresh.map((l) => l.oldId),
          fresh.map((l) => l.oldCode),
          fresh.map((l) => l.oldName),
          fresh.map((l) => l.oldProvinceCode),
          fresh.map((l) => l.newId),
          fresh.map((l) => l.newCode),
          fresh.map((l) => l.newName),
          fresh.map((l) => l.kind),
          fresh.map((l) => l.shareNote),
          fresh.map((l) => l.sourceNote),
        ],
      );
    }
  }
  // The two-tier map is the whole map: no commune of the old one may stay open.
  if (r.twoTier) {
    const left: { code: string; name: string }[] = await m.query(
      `SELECT code, name FROM reference.commune WHERE valid_to IS NULL AND (valid_from IS NULL OR valid_from < $1::date) ORDER BY code LIMIT 20`,
      [D],
    );
    if (left.length > 0) {
      throw new UnitsFileError(
        left.map((c) => ({
          file: r.lineage?.file ?? r.name,
          line: 0,
          field: 'old_unit_code',
          code: 'UNIT_NOT_RESOLVED',
          message: `stored unit ${c.code} "${c.name}" is neither an old unit of the lineage table nor in a retired list: the new map would leave it open`,
        })),
      );
    }
  }
  return summary;
}
