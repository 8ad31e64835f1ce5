import { categoryForYear, currentPeriod, validInYear, type CategoryRow } from '../../shared/reference/reader';

describe('unit periods', () => {
  const merged = { validFrom: null, validTo: '2024-06-30' };
  const successor = { validFrom: '2025-01-01', validTo: null };

  it('a unit exists in a year if any day of the year falls in its period', () => {
    expect(validInYear(merged, 2024)).toBe(true);
    expect(validInYear(merged, 2025)).toBe(false);
    expect(validInYear(successor, 2024)).toBe(false);
    expect(validInYear(successor, 2025)).toBe(true);
    expect(validInYear({ validFrom: null, validTo: null }, 1999)).toBe(true);
  });

  it('the current period of a code is the open one, else the one that ended last', () => {
    expect(currentPeriod([merged, successor])).toBe(successor);
    const older = { validFrom: null, validTo: '2010-01-01' };
    expect(currentPeriod([merged, older])).toBe(merged);
    expect(currentPeriod([])).toBeUndefined();
  });
});

describe('categoryForYear', () => {
  const row = (fromYear: number, category: CategoryRow['category']): CategoryRow => ({
    communeId: 1,
    category,
    fromYear,
    provisional: false,
    source: 's',
    setBy: 'x',
    setAt: new Date(0),
  });
  const history = [row(2015, 'OTHER'), row(2019, 'URBAN_WARD')];

  it('takes the latest assignment that has started by the year', () => {
    expect(categoryForYear(history, 2018)?.category).toBe('OTHER');
    expect(categoryForYear(history, 2019)?.category).toBe('URBAN_WARD');
    expect(categoryForYear(history, 2030)?.category).toBe('URBAN_WARD');
  });

  it('has no category before the first assignment (never a silent default)', () => {
    expect(categoryForYear(history, 2014)).toBeUndefined();
  });
});
