/**
 * The scope of an assessment board: a district, a province or the whole country, in its written
 * form (`district:584`, `province:58`, `country`) — the key of the `AssessmentBoard` entity that
 * LĐTBXH owns and every department contributes its stamps to.
 */
import { assertNever } from './assert-never';
import type { CommuneRow, ReferenceReader } from './reference/reader';

export type BoardScope = { kind: 'district'; code: string } | { kind: 'province'; code: string } | { kind: 'country' };

const WRITTEN = /^(?:(district):(\d{3})|(province):(\d{2})|(country))$/;

/** Reads a written scope; null when it is not one. */
export function parseBoardScope(text: string): BoardScope | null {
  const match = WRITTEN.exec(text);
  if (!match) return null;
  if (match[1]) return { kind: 'district', code: match[2] ?? '' };
  if (match[3]) return { kind: 'province', code: match[4] ?? '' };
  return { kind: 'country' };
}

export function formatBoardScope(scope: BoardScope): string {
  return scope.kind === 'country' ? 'country' : `${scope.kind}:${scope.code}`;
}

/** The communes of a scope that exist in the year, by code. One statement. */
export async function communesOfScope(reader: ReferenceReader, scope: BoardScope, year: number): Promise<CommuneRow[]> {
  switch (scope.kind) {
    case 'district':
      return (await reader.communesOfDistricts([scope.code], year)).get(scope.code) ?? [];
    case 'province':
      return (await reader.communesOfProvinces([scope.code], year)).get(scope.code) ?? [];
    case 'country':
      return reader.communesOfCountry(year);
    default:
      return assertNever(scope, 'scope kind');
  }
}
