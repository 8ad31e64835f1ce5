import { join } from 'node:path';

import { contentHash } from '../../../shared/criteria/canonical';
import { loadCriteriaSetFileSync } from '../../../shared/criteria/validate';
import { assess } from '../../../subgraphs/ldtbxh/assessment/assess';
import type { CriteriaSet, Indicator } from '../../../shared/criteria/types';

const DIR = join(__dirname, '../../../criteria-sets');
const load = (file: string) => loadCriteriaSetFileSync(join(DIR, file));
const qd34v1 = load('qd34-2014.v1.json');
const qd34 = load('qd34-2014.v2.json');
const qd06v1 = load('qd06-2019.v1.json');
const qd06 = load('qd06-2019.v2.json');

/** The titles of QĐ 06/QĐ-TTg as published (the legal wording), criterion by criterion. */
const LEGAL_TITLES_QD06: readonly string[] = [
  'Nguồn lực thực hiện quyền trẻ em',
  'Trẻ em được khai sinh đúng quy định',
  'Trẻ em bị xâm hại',
  'Trẻ em vi phạm pháp luật, nghiện ma túy',
  'Trẻ em bị tai nạn, thương tích',
  'Trẻ em có hoàn cảnh đặc biệt được trợ giúp',
  'Trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin thuộc chương trình tiêm chủng mở rộng',
  'Trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân và thể thấp còi',
  'Trẻ em được khám sức khỏe định kỳ',
  'Trẻ em đến trường, lớp mầm non',
  'Trẻ em được thực hiện quyền tham gia của trẻ em',
  'Hoạt động vui chơi, giải trí, văn hóa, thể dục, thể thao dành cho trẻ em',
  'Mức độ hài lòng của trẻ em và người dân về việc thực hiện quyền trẻ em',
];

const indicators = (set: CriteriaSet): Indicator[] => set.criteria.flatMap((c) => c.indicators);
/** What each criterion says apart from its title, its field statuses, its "met" rule and the concepts. */
function points(set: CriteriaSet): unknown {
  return set.criteria.map((c) => ({
    number: c.number,
    department: c.department,
    maxPoints: c.maxPoints,
    indicators: c.indicators.map(({ concept: _concept, ...rest }) => rest),
  }));
}

describe('shipped criteria sets, version 2', () => {
  it('are pinned: never edited in place', () => {
    expect(contentHash(qd34)).toBe(PINNED.qd34);
    expect(contentHash(qd06)).toBe(PINNED.qd06);
    expect([qd34.id, qd34.version, qd06.id, qd06.version]).toEqual(['QD34-2014', 2, 'QD06-2019', 2]);
  });

  it('cover the same years and points as version 1', () => {
    expect(qd34.years).toEqual(qd34v1.years);
    expect(qd06.years).toEqual(qd06v1.years);
    expect(points(qd34)).toEqual(points(qd34v1));
    expect(points(qd06)).toEqual(points(qd06v1));
    expect(qd06.recognition.minimumTotal).toEqual(qd06v1.recognition.minimumTotal);
  });

  it('QĐ 06: every title is the legal wording (confirmed), verbatim', () => {
    expect(qd06.criteria.map((c) => c.title)).toEqual(LEGAL_TITLES_QD06);
    for (const criterion of qd06.criteria) {
      const titleStatus = criterion.fieldStatus?.title ?? criterion.status;
      expect([criterion.number, titleStatus]).toEqual([criterion.number, 'confirmed']);
    }
    // The maxima stay as they were: confirmed only for criteria 1 and 6.
    expect(
      qd06.criteria.filter((c) => (c.fieldStatus?.maxPoints ?? c.status) === 'confirmed').map((c) => c.number),
    ).toEqual([1, 6]);
  });

  it('QĐ 34: the published titles of criteria 1 and 2 are confirmed, criterion 3 stays provisional', () => {
    const [c1, c2, c3] = qd34.criteria;
    expect(c1?.title).toBe(
      'Mức độ chỉ đạo, điều hành của cấp ủy đảng, chính quyền địa phương đến công tác bảo vệ, chăm sóc và giáo dục trẻ em',
    );
    expect(c2?.title).toBe('Tỷ lệ trẻ em được khai sinh đúng quy định');
    expect([c1?.fieldStatus?.title, c2?.fieldStatus?.title]).toEqual(['confirmed', 'confirmed']);
    expect(c3?.title.startsWith('Tỷ lệ trẻ em lao động')).toBe(true);
    expect(c3?.fieldStatus?.title ?? c3?.status).toBe('provisional');
  });

  it('QĐ 06 requires every criterion met (confirmed) with provisional pass marks of half the maximum', () => {
    expect(qd06.recognition.everyCriterionMet).toEqual({ enabled: true, status: 'confirmed' });
    for (const c of qd06.criteria) {
      expect(c.met).toEqual({ rule: 'MIN_POINTS', points: Math.ceil(c.maxPoints / 2), status: 'provisional' });
    }
  });

  it('share concepts: immunisation is 8.1 in QĐ 34 and 7.1 in QĐ 06, and every shared concept is of one kind', () => {
    const byConcept = (set: CriteriaSet) =>
      new Map(indicators(set).flatMap((i) => (i.concept ? [[i.concept, i] as const] : [])));
    const a = byConcept(qd34);
    const b = byConcept(qd06);
    expect(a.get('immunisation.under-1.full')?.code).toBe('8.1');
    expect(b.get('immunisation.under-1.full')?.code).toBe('7.1');
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [concept, indicator] of a) {
      const other = b.get(concept);
      expect([concept, indicator.kind, indicator.department]).toEqual([concept, other?.kind, other?.department]);
    }
  });

  it('a commune with one criterion under its pass mark is not eligible under v2, whatever its total', () => {
    // Full points everywhere except criterion 7 (immunisation, max 50, pass mark 25): 90 % gives 15.
    const values = indicators(qd06).map((i) => ({
      indicator: i.code,
      department: i.department,
      kind: i.kind,
      ...valueFor(i, i.code === '7.1' ? { numerator: 90, denominator: 100 } : null),
      publishedBy: 'test',
      publishedAt: '2020-12-01T00:00:00Z',
      revision: 1,
    }));
    const category = { category: 'MOUNTAIN_ISLAND_DISADVANTAGED' as const, provisional: false };
    const result = assess({ set: qd06, category, values, unavailableDepartments: [] });
    expect([result.total, result.status]).toEqual([965, 'COMPLETE']);
    expect(result.criteria.find((c) => c.number === 7)).toMatchObject({ points: 15, met: false });
    expect(result.conditions.map((c) => [c.code, c.met])).toEqual([
      ['DATA_COMPLETE', true],
      ['CATEGORY_KNOWN', true],
      ['EVERY_CRITERION_MET', false],
      ['MINIMUM_TOTAL', true],
      ['NO_CRITERION_AT_ZERO', true],
    ]);
    expect(result.conditions.find((c) => c.code === 'EVERY_CRITERION_MET')).toMatchObject({
      figures: { unmet: [7], undetermined: [] },
      provisional: true,
    });
    expect(result.eligible).toBe(false);
    // The same values under v1 (which cannot say "met"): eligible.
    expect(assess({ set: qd06v1, category, values, unavailableDepartments: [] }).eligible).toBe(true);
  });
});

/** Flat raw fields of the best value of an indicator, or of `rate` for a RATE. */
function valueFor(i: Indicator, rate: { numerator: number; denominator: number } | null) {
  const none = { numerator: null, denominator: null, count: null, value: null, grade: null };
  switch (i.kind) {
    case 'RATE':
      if (rate) return { ...none, ...rate };
      return i.direction === 'HIGHER_IS_BETTER'
        ? { ...none, numerator: 100, denominator: 100 }
        : { ...none, numerator: 0, denominator: 100 };
    case 'COUNT':
      return { ...none, count: 0 };
    case 'BOOLEAN':
      return { ...none, value: i.pointsIfYes >= i.pointsIfNo };
    case 'GRADED':
      return { ...none, grade: [...i.grades].sort((x, y) => y.points - x.points)[0]?.grade ?? '' };
  }
}

const PINNED = {
  qd34: '21f040cb9a117bc3aaf44557411f5dd053d036e93d80f656541abdc2439b91c3',
  qd06: '6a9d90503768309d29f6075b8791658eb3c2d1465c403c132367cc1aaf219ff4',
};
