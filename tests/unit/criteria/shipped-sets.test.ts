import { join } from 'node:path';

import { DEPARTMENT_CODES, INDICATOR_KINDS } from '../../../shared/criteria/types';
import { contentHash } from '../../../shared/criteria/canonical';
import { loadCriteriaSetFileSync } from '../../../shared/criteria/validate';
import { scoreIndicator } from '../../../shared/criteria/scoring';
import type { CriteriaSet, DepartmentCode, Indicator, RateIndicator } from '../../../shared/criteria/types';

const DIR = join(__dirname, '../../../criteria-sets');
const qd34 = loadCriteriaSetFileSync(join(DIR, 'qd34-2014.v1.json'));
const qd06 = loadCriteriaSetFileSync(join(DIR, 'qd06-2019.v1.json'));

function indicators(set: CriteriaSet): Indicator[] {
  return set.criteria.flatMap((c) => c.indicators);
}

function indicator(set: CriteriaSet, code: string): Indicator {
  const found = indicators(set).find((i) => i.code === code);
  if (found === undefined) throw new Error(`no indicator ${code}`);
  return found;
}

function rateIndicator(set: CriteriaSet, code: string): RateIndicator {
  const found = indicator(set, code);
  if (found.kind !== 'RATE') throw new Error(`${code} is not a RATE`);
  return found;
}

function departmentsByCriterion(set: CriteriaSet): Record<number, DepartmentCode> {
  return Object.fromEntries(set.criteria.map((c) => [c.number, c.department]));
}

describe('shipped criteria sets', () => {
  it('both files validate and are version 1 of their family', () => {
    expect([qd34.id, qd34.version, qd34.format]).toEqual(['QD34-2014', 1, 'cfc-criteria-set/1']);
    expect([qd06.id, qd06.version, qd06.format]).toEqual(['QD06-2019', 1, 'cfc-criteria-set/1']);
  });

  it('are never edited in place: the content of version 1 is pinned', () => {
    // A change to a shipped set is a NEW file with a higher version (docs/criteria-sets.md),
    // never an edit of this one: results already computed name the hash they used.
    expect(contentHash(qd34)).toBe('4aa68119aa223a47942ba8ac6d2512fd2f00b7d3814a0c4661f850d2c7a14374');
    expect(contentHash(qd06)).toBe('ed91eb63a5a9541a0bc0b384ef14452188a5ffc40229c77eb149c1e1e3a8c712');
  });

  it('own every indicator by the department that directs its criterion', () => {
    for (const set of [qd34, qd06]) {
      for (const c of set.criteria) {
        expect(c.indicators.map((i) => i.department)).toEqual(c.indicators.map(() => c.department));
      }
    }
  });

  describe('QD34-2014 (provisional reconstruction)', () => {
    it('has the confirmed legal basis, 15 criteria, 1000 points and years 2015–2018', () => {
      expect(qd34.legalBasis).toMatchObject({
        document: '34/2014/QĐ-TTg',
        issuedOn: '2014-05-30',
        status: 'confirmed',
      });
      expect(qd34.criteria).toHaveLength(15);
      expect(qd34.maxTotal).toBe(1000);
      expect(qd34.years).toEqual({ from: 2015, to: 2018 });
      expect(qd34.provisional).toBe(true);
    });

    it('assigns departments exactly as plan 965/KH-UBND does (DOMAIN §1)', () => {
      expect(departmentsByCriterion(qd34)).toEqual({
        1: 'LDTBXH',
        2: 'TUPHAP',
        3: 'LDTBXH',
        4: 'CONGAN',
        5: 'CONGAN',
        6: 'YTE',
        7: 'LDTBXH',
        8: 'YTE',
        9: 'YTE',
        10: 'YTE',
        11: 'GDDT',
        12: 'GDDT',
        13: 'LDTBXH',
        14: 'VHTTDL',
        15: 'LDTBXH',
      });
    });

    it('marks every number provisional: criteria, indicators, bands and recognition', () => {
      expect(qd34.criteria.map((c) => c.status)).toEqual(qd34.criteria.map(() => 'provisional'));
      for (const i of indicators(qd34)) {
        expect(i.status).toBe('provisional');
        if (i.kind === 'RATE' || i.kind === 'COUNT') {
          expect(i.bands.filter((b) => b.status === 'confirmed')).toEqual([]);
        }
      }
      const r = qd34.recognition;
      expect(Object.values(r.minimumTotal).map((m) => m.status)).toEqual(['provisional', 'provisional', 'provisional']);
      expect([r.noCriterionAtZero.status, r.criteriaAtMaximum.status]).toEqual(['provisional', 'provisional']);
    });

    it('exercises every kind and both rate directions', () => {
      expect(new Set(indicators(qd34).map((i) => i.kind))).toEqual(new Set(INDICATOR_KINDS));
      const directions = indicators(qd34).flatMap((i) => (i.kind === 'RATE' ? [i.direction] : []));
      expect(new Set(directions)).toEqual(new Set(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']));
      expect(new Set(indicators(qd34).map((i) => i.department))).toEqual(new Set(DEPARTMENT_CODES));
    });

    it('measures abuse and children in conflict with the law by CONGAN counts', () => {
      for (const number of [4, 5]) {
        const criterion = qd34.criteria[number - 1];
        expect(criterion?.indicators.map((i) => [i.kind, i.department])).toEqual(
          criterion?.indicators.map(() => ['COUNT', 'CONGAN']),
        );
      }
      expect(scoreIndicator(indicator(qd34, '4.1'), { kind: 'COUNT', count: 0 }).points).toBe(40);
      expect(scoreIndicator(indicator(qd34, '4.1'), { kind: 'COUNT', count: 1 }).points).toBe(0);
    });

    it('uses the QĐ 06 minimum totals as placeholders', () => {
      expect(qd34.recognition.minimumTotal).toEqual({
        URBAN_WARD: { points: 900, status: 'provisional' },
        MOUNTAIN_ISLAND_DISADVANTAGED: { points: 800, status: 'provisional' },
        OTHER: { points: 850, status: 'provisional' },
      });
    });
  });

  describe('QD06-2019', () => {
    it('has the confirmed legal basis, 13 criteria, 1000 points and is open-ended from 2019', () => {
      expect(qd06.legalBasis).toMatchObject({ document: '06/QĐ-TTg', issuedOn: '2019-01-03', status: 'confirmed' });
      expect(qd06.criteria).toHaveLength(13);
      expect(qd06.maxTotal).toBe(1000);
      expect(qd06.years).toEqual({ from: 2019, to: null });
      expect(qd06.provisional).toBe(true);
    });

    it('assigns departments as configured for the province', () => {
      expect(departmentsByCriterion(qd06)).toEqual({
        1: 'LDTBXH',
        2: 'TUPHAP',
        3: 'CONGAN',
        4: 'CONGAN',
        5: 'YTE',
        6: 'LDTBXH',
        7: 'YTE',
        8: 'YTE',
        9: 'YTE',
        10: 'GDDT',
        11: 'LDTBXH',
        12: 'VHTTDL',
        13: 'LDTBXH',
      });
    });

    it('carries the confirmed recognition conditions', () => {
      expect(qd06.recognition.minimumTotal).toEqual({
        URBAN_WARD: { points: 900, status: 'confirmed' },
        MOUNTAIN_ISLAND_DISADVANTAGED: { points: 800, status: 'confirmed' },
        OTHER: { points: 850, status: 'confirmed' },
      });
      expect(qd06.recognition.noCriterionAtZero).toEqual({ enabled: true, status: 'confirmed' });
    });

    it('carries criterion 1 as confirmed: 100 = officer 50 + collaborators 15 + board 15 + budget 20', () => {
      const c1 = qd06.criteria[0];
      expect([c1?.maxPoints, c1?.status]).toEqual([100, 'confirmed']);
      expect(c1?.indicators.map((i) => [i.code, i.maxPoints, i.status])).toEqual([
        ['1.1', 50, 'confirmed'],
        ['1.2', 15, 'confirmed'],
        ['1.3', 15, 'confirmed'],
        ['1.4', 20, 'provisional'],
      ]);
    });

    it('carries criterion 6 as confirmed: ≥ 95 % helped → 50, 100 % timely plans → 75', () => {
      const c6 = qd06.criteria[5];
      expect([c6?.maxPoints, c6?.status]).toEqual([125, 'confirmed']);
      expect(rateIndicator(qd06, '6.1').bands).toEqual([
        { op: '>=', threshold: '95', points: 50, status: 'confirmed' },
      ]);
      expect(rateIndicator(qd06, '6.2').bands).toEqual([
        { op: '>=', threshold: '100', points: 75, status: 'confirmed' },
      ]);
      expect(scoreIndicator(indicator(qd06, '6.1'), { kind: 'RATE', numerator: 19, denominator: 20 }).points).toBe(50);
      expect(scoreIndicator(indicator(qd06, '6.2'), { kind: 'RATE', numerator: 9, denominator: 10 }).points).toBe(0);
    });

    it('carries the confirmed criterion 7 band ≥ 98 % → 50, other bands provisional', () => {
      const i71 = rateIndicator(qd06, '7.1');
      expect(i71.status).toBe('provisional');
      expect(i71.bands[0]).toEqual({ op: '>=', threshold: '98', points: 50, status: 'confirmed' });
      expect(i71.bands.slice(1).map((b) => b.status)).toEqual(i71.bands.slice(1).map(() => undefined));
      expect(scoreIndicator(i71, { kind: 'RATE', numerator: 49, denominator: 50 }).points).toBe(50);
      expect(scoreIndicator(i71, { kind: 'RATE', numerator: 97, denominator: 99 }).points).toBe(30);
    });

    it('marks every other criterion provisional', () => {
      const confirmed = qd06.criteria.filter((c) => c.status === 'confirmed').map((c) => c.number);
      expect(confirmed).toEqual([1, 6]);
    });
  });
});
