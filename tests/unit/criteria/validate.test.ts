import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';

import { canonicalJson, contentHash } from '../../../shared/criteria/canonical';
import { CRITERIA_SET_ISSUE_CODES, CriteriaSetValidationError } from '../../../shared/criteria/issues';
import type { CriteriaSetIssueCode } from '../../../shared/criteria/issues';
import type { CriteriaSet } from '../../../shared/criteria/types';
import {
  collectCriteriaSetIssues,
  loadCriteriaSetFile,
  loadCriteriaSetFileSync,
  parseCriteriaSet,
} from '../../../shared/criteria/validate';

/**
 * A small valid set exercising every kind, both rate directions, band statuses, a criterion at
 * maximum and both kinds of disqualifier. Each case below breaks exactly one thing in it.
 */
function baseSet(): CriteriaSet {
  return {
    format: 'cfc-criteria-set/1',
    id: 'TEST-1',
    version: 1,
    title: 'Bộ tiêu chí thử',
    legalBasis: {
      document: '01/QĐ-TEST',
      issuedOn: '2020-02-29',
      title: 'Quyết định thử',
      status: 'confirmed',
    },
    years: { from: 2020, to: 2021 },
    maxTotal: 200,
    provisional: true,
    criteria: [
      {
        number: 1,
        title: 'Tiêu chí một',
        department: 'LDTBXH',
        maxPoints: 100,
        status: 'confirmed',
        indicators: [
          {
            code: '1.1',
            kind: 'RATE',
            title: 'Tỷ lệ cao là tốt',
            department: 'YTE',
            maxPoints: 50,
            status: 'confirmed',
            direction: 'HIGHER_IS_BETTER',
            numerator: 'tử số',
            denominator: 'mẫu số',
            bands: [
              { op: '>=', threshold: '98', points: 50 },
              { op: '>', threshold: '90.5', points: 30, status: 'confirmed' },
            ],
            otherwise: 0,
            whenNoDenominator: { points: 50, reason: 'không có trẻ em' },
          },
          {
            code: '1.2',
            kind: 'RATE',
            title: 'Tỷ lệ thấp là tốt',
            department: 'YTE',
            maxPoints: 20,
            status: 'provisional',
            direction: 'LOWER_IS_BETTER',
            numerator: 'tử số',
            denominator: 'mẫu số',
            bands: [
              { op: '<=', threshold: '5', points: 20, status: 'confirmed' },
              { op: '<', threshold: '10', points: 10 },
            ],
            otherwise: 0,
            whenNoDenominator: { points: 20, reason: 'không có trẻ em' },
          },
          {
            code: '1.3',
            kind: 'GRADED',
            title: 'Xếp loại',
            department: 'LDTBXH',
            maxPoints: 30,
            status: 'confirmed',
            grades: [
              { grade: 'A', label: 'Tốt', points: 30 },
              { grade: 'B', label: 'Khá', points: 10 },
              { grade: 'C', label: 'Chưa đạt', points: 0 },
            ],
          },
        ],
      },
      {
        number: 2,
        title: 'Tiêu chí hai',
        department: 'CONGAN',
        maxPoints: 100,
        status: 'provisional',
        notes: 'ghi chú',
        indicators: [
          {
            code: '2.1',
            kind: 'COUNT',
            title: 'Số vụ',
            department: 'CONGAN',
            maxPoints: 60,
            status: 'provisional',
            counted: 'số vụ việc',
            bands: [
              { op: '<=', threshold: '0', points: 60 },
              { op: '<', threshold: '3', points: 20 },
            ],
            otherwise: 0,
          },
          {
            code: '2.2',
            kind: 'BOOLEAN',
            title: 'Có hay không',
            department: 'CONGAN',
            maxPoints: 40,
            status: 'confirmed',
            question: 'Có không?',
            pointsIfYes: 40,
            pointsIfNo: 0,
          },
        ],
      },
    ],
    recognition: {
      minimumTotal: {
        URBAN_WARD: { points: 180, status: 'confirmed' },
        MOUNTAIN_ISLAND_DISADVANTAGED: { points: 160, status: 'confirmed' },
        OTHER: { points: 170, status: 'confirmed' },
      },
      noCriterionAtZero: { enabled: true, status: 'confirmed' },
      criteriaAtMaximum: { criteria: [2], status: 'provisional' },
      disqualifyingIndicators: [
        { indicator: '2.1', when: { op: '>', value: 0 }, status: 'provisional' },
        { indicator: '2.2', when: { op: '=', value: 0 }, status: 'confirmed' },
      ],
    },
  };
}

const DELETE = Symbol('delete');

/** Splits `a.b[1].c` into `['a', 'b', 1, 'c']`. */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

/** A copy of `doc` with each path set to its value (or deleted), as plain JSON. */
function edit(doc: unknown, changes: ReadonlyArray<readonly [string, unknown]>): unknown {
  const copy: unknown = structuredClone(doc);
  for (const [path, value] of changes) {
    const keys = segments(path);
    const last = keys.pop();
    let target: unknown = copy;
    for (const key of keys) {
      target = (target as Record<string | number, unknown>)[key];
    }
    const container = target as Record<string | number, unknown>;
    if (last === undefined) throw new Error('empty path');
    if (value === DELETE) {
      if (Array.isArray(container) && typeof last === 'number') container.splice(last, 1);
      else delete container[last];
    } else {
      container[last] = value;
    }
  }
  return copy;
}

interface Case {
  name: string;
  changes: ReadonlyArray<readonly [string, unknown]>;
  code: CriteriaSetIssueCode;
  path: string;
}

const R11 = 'criteria[0].indicators[0]';
const R12 = 'criteria[0].indicators[1]';
const G13 = 'criteria[0].indicators[2]';
const C21 = 'criteria[1].indicators[0]';
const B22 = 'criteria[1].indicators[1]';
const DQ = 'recognition.disqualifyingIndicators';

const CASES: Case[] = [
  // Format, structure and types
  {
    name: 'an unsupported format stops validation at the format',
    changes: [
      ['format', 'cfc-criteria-set/2'],
      ['id', 'not valid'],
    ],
    code: 'FORMAT_UNSUPPORTED',
    path: 'format',
  },
  { name: 'a missing title', changes: [['title', DELETE]], code: 'FIELD_REQUIRED', path: 'title' },
  {
    name: 'a missing format is reported, the rest still checked',
    changes: [['format', DELETE]],
    code: 'FIELD_REQUIRED',
    path: 'format',
  },
  {
    name: 'a missing commune category',
    changes: [['recognition.minimumTotal.OTHER', DELETE]],
    code: 'FIELD_REQUIRED',
    path: 'recognition.minimumTotal.OTHER',
  },
  {
    name: 'a missing whenNoDenominator',
    changes: [[`${R11}.whenNoDenominator`, DELETE]],
    code: 'FIELD_REQUIRED',
    path: `${R11}.whenNoDenominator`,
  },
  { name: 'a version given as a string', changes: [['version', '1']], code: 'FIELD_TYPE', path: 'version' },
  {
    name: 'a threshold given as a JSON number',
    changes: [[`${R11}.bands[0].threshold`, 98]],
    code: 'FIELD_TYPE',
    path: `${R11}.bands[0].threshold`,
  },
  { name: 'years.to given as a string', changes: [['years.to', '2021']], code: 'FIELD_TYPE', path: 'years.to' },
  {
    name: 'a null legal basis',
    changes: [['legalBasis', null]],
    code: 'FIELD_TYPE',
    path: 'legalBasis',
  },
  {
    name: 'a typo in a field name',
    changes: [[`${R11}.treshold`, '98']],
    code: 'UNKNOWN_FIELD',
    path: `${R11}.treshold`,
  },
  {
    name: 'a field of another kind (bands on a BOOLEAN)',
    changes: [[`${B22}.bands`, []]],
    code: 'UNKNOWN_FIELD',
    path: `${B22}.bands`,
  },
  {
    name: 'an unknown commune category',
    changes: [['recognition.minimumTotal.RURAL', { points: 1, status: 'confirmed' }]],
    code: 'UNKNOWN_FIELD',
    path: 'recognition.minimumTotal.RURAL',
  },
  {
    name: 'a blank criterion title',
    changes: [['criteria[1].title', '   ']],
    code: 'STRING_EMPTY',
    path: 'criteria[1].title',
  },
  {
    name: 'an unknown status',
    changes: [['criteria[0].status', 'draft']],
    code: 'ENUM_INVALID',
    path: 'criteria[0].status',
  },
  {
    name: 'an unknown indicator kind',
    changes: [[`${R11}.kind`, 'PERCENT']],
    code: 'ENUM_INVALID',
    path: `${R11}.kind`,
  },
  {
    name: 'an unknown band op',
    changes: [[`${R11}.bands[0].op`, '=>']],
    code: 'ENUM_INVALID',
    path: `${R11}.bands[0].op`,
  },
  {
    name: 'an unknown disqualifier op',
    changes: [[`${DQ}[0].when.op`, '!=']],
    code: 'ENUM_INVALID',
    path: `${DQ}[0].when.op`,
  },
  // Identity and provenance
  { name: 'a lower-case id', changes: [['id', 'qd34']], code: 'ID_INVALID', path: 'id' },
  { name: 'version 0', changes: [['version', 0]], code: 'VERSION_INVALID', path: 'version' },
  { name: 'a fractional version', changes: [['version', 1.5]], code: 'VERSION_INVALID', path: 'version' },
  {
    name: 'a date that does not exist',
    changes: [['legalBasis.issuedOn', '2019-02-29']],
    code: 'DATE_INVALID',
    path: 'legalBasis.issuedOn',
  },
  {
    name: 'a date in Vietnamese order',
    changes: [['legalBasis.issuedOn', '03/01/2019']],
    code: 'DATE_INVALID',
    path: 'legalBasis.issuedOn',
  },
  {
    name: 'a year range that ends before it starts',
    changes: [['years.from', 2022]],
    code: 'YEARS_INVALID',
    path: 'years.to',
  },
  { name: 'a three-digit year', changes: [['years.from', 219]], code: 'YEARS_INVALID', path: 'years.from' },
  {
    name: 'an inconsistent provisional flag (false with provisional statuses)',
    changes: [['provisional', false]],
    code: 'PROVISIONAL_FLAG_INCONSISTENT',
    path: 'provisional',
  },
  {
    name: 'a provisional band inside a confirmed indicator',
    changes: [[`${R11}.bands[0].status`, 'provisional']],
    code: 'STATUS_INCONSISTENT',
    path: `${R11}.bands[0].status`,
  },
  // Points
  {
    name: 'negative points',
    changes: [[`${B22}.pointsIfNo`, -5]],
    code: 'POINTS_INVALID',
    path: `${B22}.pointsIfNo`,
  },
  {
    name: 'fractional points',
    changes: [[`${G13}.grades[1].points`, 12.5]],
    code: 'POINTS_INVALID',
    path: `${G13}.grades[1].points`,
  },
  {
    name: 'maxTotal not the sum of the criteria',
    changes: [['maxTotal', 210]],
    code: 'POINTS_SUM_MISMATCH',
    path: 'maxTotal',
  },
  {
    name: 'a criterion maxPoints not the sum of its indicators',
    changes: [
      ['criteria[0].maxPoints', 90],
      ['maxTotal', 190],
    ],
    code: 'POINTS_SUM_MISMATCH',
    path: 'criteria[0].maxPoints',
  },
  {
    name: 'an indicator maxPoints above what it can give',
    changes: [[`${B22}.pointsIfYes`, 35]],
    code: 'INDICATOR_MAX_MISMATCH',
    path: `${B22}.maxPoints`,
  },
  {
    name: 'a graded indicator maxPoints below its best grade',
    changes: [[`${G13}.grades[0].points`, 35]],
    code: 'INDICATOR_MAX_MISMATCH',
    path: `${G13}.maxPoints`,
  },
  {
    name: 'whenNoDenominator above maxPoints',
    changes: [[`${R11}.whenNoDenominator.points`, 55]],
    code: 'NO_DENOMINATOR_EXCEEDS_MAX',
    path: `${R11}.whenNoDenominator.points`,
  },
  // Lists, numbering and codes
  {
    name: 'an empty grade list',
    changes: [[`${G13}.grades`, []]],
    code: 'LIST_EMPTY',
    path: `${G13}.grades`,
  },
  { name: 'an empty band list', changes: [[`${R12}.bands`, []]], code: 'LIST_EMPTY', path: `${R12}.bands` },
  {
    name: 'criteria not numbered 1..n',
    changes: [['criteria[1].number', 3]],
    code: 'CRITERION_NUMBERING',
    path: 'criteria[1].number',
  },
  {
    name: 'an indicator code of another criterion',
    changes: [[`${G13}.code`, '2.3']],
    code: 'CODE_INVALID',
    path: `${G13}.code`,
  },
  {
    name: 'an indicator code with a leading zero',
    changes: [[`${G13}.code`, '1.03']],
    code: 'CODE_INVALID',
    path: `${G13}.code`,
  },
  {
    name: 'a duplicate indicator code',
    changes: [[`${G13}.code`, '1.1']],
    code: 'DUPLICATE_CODE',
    path: `${G13}.code`,
  },
  {
    name: 'an unknown indicator department',
    changes: [[`${R12}.department`, 'SOYTE']],
    code: 'DEPARTMENT_UNKNOWN',
    path: `${R12}.department`,
  },
  {
    name: 'an unknown criterion department',
    changes: [['criteria[1].department', 'POLICE']],
    code: 'DEPARTMENT_UNKNOWN',
    path: 'criteria[1].department',
  },
  {
    name: 'a duplicate grade',
    changes: [[`${G13}.grades[2].grade`, 'A']],
    code: 'DUPLICATE_GRADE',
    path: `${G13}.grades[2].grade`,
  },
  // Bands
  {
    name: 'a threshold with a decimal comma',
    changes: [[`${R11}.bands[1].threshold`, '90,5']],
    code: 'THRESHOLD_INVALID',
    path: `${R11}.bands[1].threshold`,
  },
  {
    name: 'a rate threshold above 100',
    changes: [[`${R12}.bands[1].threshold`, '100.5']],
    code: 'THRESHOLD_INVALID',
    path: `${R12}.bands[1].threshold`,
  },
  {
    name: 'a fractional count threshold',
    changes: [[`${C21}.bands[1].threshold`, '2.5']],
    code: 'THRESHOLD_INVALID',
    path: `${C21}.bands[1].threshold`,
  },
  {
    name: 'a lower-is-better op in a higher-is-better rate',
    changes: [[`${R11}.bands[1].op`, '<=']],
    code: 'BAND_DIRECTION_MISMATCH',
    path: `${R11}.bands[1].op`,
  },
  {
    name: 'a higher-is-better op in a count',
    changes: [[`${C21}.bands[0].op`, '>=']],
    code: 'BAND_DIRECTION_MISMATCH',
    path: `${C21}.bands[0].op`,
  },
  {
    name: 'higher-is-better thresholds not decreasing',
    changes: [[`${R11}.bands[1].threshold`, '98.5']],
    code: 'BANDS_NOT_MONOTONIC',
    path: `${R11}.bands[1].threshold`,
  },
  {
    name: 'lower-is-better thresholds not strictly increasing',
    changes: [[`${R12}.bands[1].threshold`, '5']],
    code: 'BANDS_NOT_MONOTONIC',
    path: `${R12}.bands[1].threshold`,
  },
  {
    name: 'count thresholds decreasing',
    changes: [
      [`${C21}.bands[0].threshold`, '3'],
      [`${C21}.bands[1].threshold`, '1'],
    ],
    code: 'BANDS_NOT_MONOTONIC',
    path: `${C21}.bands[1].threshold`,
  },
  {
    name: 'points not decreasing down the bands',
    changes: [[`${R11}.bands[1].points`, 50]],
    code: 'BANDS_NOT_MONOTONIC',
    path: `${R11}.bands[1].points`,
  },
  {
    name: 'otherwise not below the last band',
    changes: [[`${C21}.otherwise`, 20]],
    code: 'BANDS_NOT_MONOTONIC',
    path: `${C21}.otherwise`,
  },
  {
    name: 'a rate band above 100 %',
    changes: [[`${R11}.bands[0]`, { op: '>', threshold: '100', points: 50 }]],
    code: 'BAND_UNREACHABLE',
    path: `${R11}.bands[0]`,
  },
  {
    name: 'a count band below zero',
    changes: [[`${C21}.bands[0]`, { op: '<', threshold: '0', points: 60 }]],
    code: 'BAND_UNREACHABLE',
    path: `${C21}.bands[0]`,
  },
  // Recognition
  {
    name: 'a minimum total above maxTotal',
    changes: [['recognition.minimumTotal.URBAN_WARD.points', 201]],
    code: 'MINIMUM_EXCEEDS_TOTAL',
    path: 'recognition.minimumTotal.URBAN_WARD.points',
  },
  {
    name: 'a criterion at maximum that does not exist',
    changes: [['recognition.criteriaAtMaximum.criteria', [3]]],
    code: 'REFERENCE_UNKNOWN',
    path: 'recognition.criteriaAtMaximum.criteria[0]',
  },
  {
    name: 'a disqualifier on an indicator that does not exist',
    changes: [[`${DQ}[0].indicator`, '9.9']],
    code: 'REFERENCE_UNKNOWN',
    path: `${DQ}[0].indicator`,
  },
  {
    name: 'a criterion listed twice at maximum',
    changes: [['recognition.criteriaAtMaximum.criteria', [2, 2]]],
    code: 'REFERENCE_DUPLICATE',
    path: 'recognition.criteriaAtMaximum.criteria[1]',
  },
  {
    name: 'a disqualifier on a RATE indicator',
    changes: [[`${DQ}[0].indicator`, '1.1']],
    code: 'DISQUALIFIER_KIND_INVALID',
    path: `${DQ}[0].indicator`,
  },
  {
    name: 'a BOOLEAN disqualifier compared with 2',
    changes: [[`${DQ}[1].when.value`, 2]],
    code: 'DISQUALIFIER_VALUE_INVALID',
    path: `${DQ}[1].when.value`,
  },
  {
    name: 'a negative disqualifier value',
    changes: [[`${DQ}[0].when.value`, -1]],
    code: 'DISQUALIFIER_VALUE_INVALID',
    path: `${DQ}[0].when.value`,
  },
  // Concepts, "met", per-field provenance
  {
    name: 'a concept with capitals',
    changes: [[`${R11}.concept`, 'Immunisation']],
    code: 'CONCEPT_INVALID',
    path: `${R11}.concept`,
  },
  {
    name: 'one concept on two indicators',
    changes: [
      [`${R11}.concept`, 'immunisation.under-1.full'],
      [`${C21}.concept`, 'immunisation.under-1.full'],
    ],
    code: 'DUPLICATE_CONCEPT',
    path: `${C21}.concept`,
  },
  {
    name: 'every criterion met required while criterion 2 does not say what met means',
    changes: [
      ['recognition.everyCriterionMet', { enabled: true, status: 'confirmed' }],
      ['criteria[0].met', { rule: 'MIN_POINTS', points: 50, status: 'provisional' }],
    ],
    code: 'MET_RULE_REQUIRED',
    path: 'criteria[1].met',
  },
  {
    name: 'a pass mark above the criterion maximum',
    changes: [['criteria[0].met', { rule: 'MIN_POINTS', points: 101, status: 'provisional' }]],
    code: 'MET_POINTS_EXCEEDS_MAX',
    path: 'criteria[0].met.points',
  },
  {
    name: 'a met rule that is not known',
    changes: [['criteria[0].met', { rule: 'MOSTLY', status: 'provisional' }]],
    code: 'ENUM_INVALID',
    path: 'criteria[0].met.rule',
  },
  {
    name: 'a pass mark on a rule that takes none',
    changes: [['criteria[0].met', { rule: 'EVERY_INDICATOR_IN_BAND', points: 10, status: 'provisional' }]],
    code: 'UNKNOWN_FIELD',
    path: 'criteria[0].met.points',
  },
  {
    name: 'a field marked provisional inside a confirmed indicator',
    changes: [[`${R11}.fieldStatus`, { title: 'provisional' }]],
    code: 'STATUS_INCONSISTENT',
    path: `${R11}.fieldStatus.title`,
  },
  {
    name: 'a field status that is not a field',
    changes: [['criteria[1].fieldStatus', { bands: 'confirmed' }]],
    code: 'UNKNOWN_FIELD',
    path: 'criteria[1].fieldStatus.bands',
  },
];

describe('collectCriteriaSetIssues', () => {
  it('accepts the base fixture', () => {
    expect(collectCriteriaSetIssues(baseSet())).toEqual([]);
  });

  it.each(CASES)('$name → $code at $path', ({ changes, code, path }) => {
    expect(collectCriteriaSetIssues(edit(baseSet(), changes))).toEqual([{ code, path, message: expect.any(String) }]);
  });

  it('has at least one case for every code except JSON_INVALID (tested with files)', () => {
    const covered = new Set<string>(CASES.map((c) => c.code));
    const missing = CRITERIA_SET_ISSUE_CODES.filter((c) => c !== 'JSON_INVALID' && !covered.has(c));
    expect(missing).toEqual([]);
  });

  it('accepts concepts, met rules, every-criterion-met and a confirmed title inside a provisional criterion', () => {
    const doc = edit(baseSet(), [
      [`${R11}.concept`, 'immunisation.under-1.full'],
      [`${C21}.concept`, 'injury.deaths'],
      ['criteria[0].met', { rule: 'MIN_POINTS', points: 50, status: 'provisional' }],
      ['criteria[1].met', { rule: 'EVERY_INDICATOR_IN_BAND', status: 'confirmed' }],
      ['criteria[1].fieldStatus', { title: 'confirmed' }],
      ['recognition.everyCriterionMet', { enabled: true, status: 'confirmed' }],
    ]);
    expect(collectCriteriaSetIssues(doc)).toEqual([]);
  });

  it('rejects a document that is not an object, at the empty path', () => {
    expect(collectCriteriaSetIssues([])).toEqual([{ code: 'FIELD_TYPE', path: '', message: expect.any(String) }]);
    expect(collectCriteriaSetIssues(null)).toEqual([{ code: 'FIELD_TYPE', path: '', message: expect.any(String) }]);
  });

  it('flags provisional: true on a document whose statuses are all confirmed', () => {
    const doc = edit(baseSet(), [
      ['criteria[0].indicators[1].status', 'confirmed'],
      ['criteria[1].status', 'confirmed'],
      ['criteria[1].indicators[0].status', 'confirmed'],
      ['recognition.criteriaAtMaximum.status', 'confirmed'],
      [`${DQ}[0].status`, 'confirmed'],
    ]);
    expect(collectCriteriaSetIssues(doc)).toEqual([
      { code: 'PROVISIONAL_FLAG_INCONSISTENT', path: 'provisional', message: expect.any(String) },
    ]);
    expect(collectCriteriaSetIssues(edit(doc, [['provisional', false]]))).toEqual([]);
  });

  it('still checks rate thresholds when the direction is invalid', () => {
    const doc = edit(baseSet(), [
      [`${R11}.direction`, 'UP'],
      [`${R11}.bands[1].threshold`, '101'],
    ]);
    expect(collectCriteriaSetIssues(doc).map((i) => [i.code, i.path])).toEqual([
      ['ENUM_INVALID', `${R11}.direction`],
      ['THRESHOLD_INVALID', `${R11}.bands[1].threshold`],
    ]);
  });

  it('quotes keys that are not identifiers in paths', () => {
    expect(collectCriteriaSetIssues(edit(baseSet(), [['years.to date', 1]]))).toEqual([
      { code: 'UNKNOWN_FIELD', path: 'years["to date"]', message: expect.any(String) },
    ]);
  });

  it('lists every problem of a document, in document order', () => {
    const doc = edit(baseSet(), [
      ['id', 'bad id'],
      ['years.from', 2030],
      [`${R11}.bands[1].threshold`, '99'],
      [`${G13}.department`, 'XYZ'],
      [`${C21}.bands[0].op`, '>'],
      ['recognition.minimumTotal.OTHER.points', 999],
    ]);
    expect(collectCriteriaSetIssues(doc).map((i) => [i.code, i.path])).toEqual([
      ['ID_INVALID', 'id'],
      ['YEARS_INVALID', 'years.to'],
      ['BANDS_NOT_MONOTONIC', `${R11}.bands[1].threshold`],
      ['DEPARTMENT_UNKNOWN', `${G13}.department`],
      ['BAND_DIRECTION_MISMATCH', `${C21}.bands[0].op`],
      ['MINIMUM_EXCEEDS_TOTAL', 'recognition.minimumTotal.OTHER.points'],
    ]);
  });
});

describe('parseCriteriaSet', () => {
  it('returns a deep-frozen copy of a valid document, leaving the input untouched', () => {
    const raw = baseSet();
    const set = parseCriteriaSet(raw);
    expect(set).toEqual(raw);
    expect(set).not.toBe(raw);
    expect(Object.isFrozen(raw)).toBe(false);
    expect(Object.isFrozen(set.criteria[0]?.indicators[0])).toBe(true);
    expect(() => {
      set.criteria.push(set.criteria[0] as never);
    }).toThrow(TypeError);
    expect(() => {
      (set.criteria[0] as { maxPoints: number }).maxPoints = 1;
    }).toThrow(TypeError);
  });

  it('throws CriteriaSetValidationError carrying every issue', () => {
    const doc = edit(baseSet(), [
      ['version', -1],
      [`${B22}.pointsIfYes`, 35],
    ]);
    let caught: unknown;
    try {
      parseCriteriaSet(doc, 'fixture.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CriteriaSetValidationError);
    const error = caught as CriteriaSetValidationError;
    expect(error.code).toBe('CRITERIA_SET_INVALID');
    expect(error.source).toBe('fixture.json');
    expect(error.issues).toEqual(collectCriteriaSetIssues(doc));
    expect(error.issues.map((i) => i.code)).toEqual(['VERSION_INVALID', 'INDICATOR_MAX_MISMATCH']);
    expect(error.message).toContain('fixture.json');
    expect(error.message).toContain(`${B22}.maxPoints: INDICATOR_MAX_MISMATCH`);
  });
});

describe('loading files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'criteria-sets-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a valid file, with or without a BOM, sync and async', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(baseSet(), null, 2)}`, 'utf8');
    await expect(loadCriteriaSetFile(file)).resolves.toEqual(baseSet());
    expect(loadCriteriaSetFileSync(file)).toEqual(baseSet());
  });

  it('reports text that is not JSON as JSON_INVALID at the empty path', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "format": "cfc-criteria-set/1", }', 'utf8');
    const rejection = loadCriteriaSetFile(file);
    await expect(rejection).rejects.toBeInstanceOf(CriteriaSetValidationError);
    await expect(rejection).rejects.toMatchObject({
      source: file,
      issues: [{ code: 'JSON_INVALID', path: '', message: expect.any(String) }],
    });
  });

  it('reports validation issues with the file as source', () => {
    const file = join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify(edit(baseSet(), [['id', '']])), 'utf8');
    expect(() => loadCriteriaSetFileSync(file)).toThrow(
      expect.objectContaining({ source: file, issues: [expect.objectContaining({ code: 'ID_INVALID', path: 'id' })] }),
    );
  });

  it('passes file-system errors through', async () => {
    await expect(loadCriteriaSetFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).reverse();
    return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('contentHash', () => {
  it('is 64 hex digits and ignores key order and formatting', () => {
    const set = parseCriteriaSet(baseSet());
    const hash = contentHash(set);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = parseCriteriaSet(JSON.parse(JSON.stringify(reverseKeys(baseSet()), null, 4)));
    expect(contentHash(reordered)).toBe(hash);
  });

  it('changes with any change of content, notes included', () => {
    const hash = contentHash(baseSet());
    const changed = edit(baseSet(), [['criteria[1].notes', 'ghi chú khác']]) as CriteriaSet;
    expect(contentHash(changed)).not.toBe(hash);
    const threshold = edit(baseSet(), [[`${R11}.bands[1].threshold`, '90.50']]) as CriteriaSet;
    expect(contentHash(threshold)).not.toBe(hash);
  });

  it('property: canonical JSON is independent of key order and round-trips', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(reverseKeys(value))).toBe(canonical);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});
