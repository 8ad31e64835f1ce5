import fc from 'fast-check';
import {
  formatDateLongVi,
  formatDateVi,
  formatNumberVi,
  formatPercentVi,
  roundHalfUp,
  roundedPercent,
  viDecimal,
} from '../../shared/format';

describe('roundedPercent: half up, exact', () => {
  it.each([
    [0, 7, 2, '0.00'],
    [7, 7, 2, '100.00'],
    [39, 40, 2, '97.50'],
    [1, 3, 2, '33.33'],
    [2, 3, 2, '66.67'],
    [97125, 100000, 2, '97.13'],
    [97124, 100000, 2, '97.12'],
    [97996, 100000, 2, '98.00'],
    [1999, 2000, 1, '100.0'],
    [784, 1000, 1, '78.4'],
    [1, 8, 0, '13'],
    [1, 200, 0, '1'],
  ])('%d / %d to %d decimals = %s', (n, d, decimals, text) => {
    expect(roundedPercent(n, d, decimals)).toBe(text);
  });

  it('is within half a unit of the last place of the exact rate, and rounds a half up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        (d, raw, decimals) => {
          const n = raw % (d + 1);
          const text = roundedPercent(n, d, decimals);
          const units = BigInt(text.replace('.', ''));
          // |units / 10^decimals − n × 100 / d| ≤ 1/2 × 10^-decimals, with a half going up.
          const scale = 10n ** BigInt(decimals + 2);
          const twice = 2n * BigInt(n) * scale;
          expect(twice - 2n * units * BigInt(d) < BigInt(d)).toBe(true);
          expect(2n * units * BigInt(d) - twice <= BigInt(d)).toBe(true);
        },
      ),
    );
  });

  it('refuses what is not a rate', () => {
    expect(() => roundedPercent(1, 0)).toThrow(RangeError);
    expect(() => roundedPercent(-1, 3)).toThrow(RangeError);
    expect(() => roundedPercent(1.5, 3)).toThrow(RangeError);
  });
});

describe('roundHalfUp on any number', () => {
  it.each([
    [1.005, 2, '1.01'],
    [1.004, 2, '1.00'],
    [2.5, 0, '3'],
    [-2.5, 0, '-3'],
    [-0.004, 2, '0.00'],
    [80, 1, '80.0'],
    [1e-7, 2, '0.00'],
    [1.5e21, 0, '1500000000000000000000'],
    [123456.789, 1, '123456.8'],
  ])('%d to %d decimals = %s', (value, decimals, text) => {
    expect(roundHalfUp(value, decimals)).toBe(text);
  });
});

describe('Vietnamese numbers and dates', () => {
  it('groups thousands with "." and marks decimals with ","', () => {
    expect(formatNumberVi(1234.5, 1)).toBe('1.234,5');
    expect(formatNumberVi(1000)).toBe('1.000');
    expect(formatNumberVi(1234567.891, 2)).toBe('1.234.567,89');
    expect(viDecimal('-3')).toBe('-3');
    expect(formatPercentVi(784, 1000, 1)).toBe('78,4 %');
    expect(formatPercentVi(2, 3)).toBe('66,67 %');
  });

  it('writes dates as officials do', () => {
    expect(formatDateVi('2020-11-30')).toBe('30/11/2020');
    expect(formatDateVi(new Date('2020-11-30T18:00:00Z'))).toBe('01/12/2020'); // 01:00 in Vietnam
    expect(formatDateLongVi('2020-11-30')).toBe('ngày 30 tháng 11 năm 2020');
    expect(formatDateLongVi('2020-02-05')).toBe('ngày 05 tháng 02 năm 2020');
    expect(formatDateLongVi('2021-03-15')).toBe('ngày 15 tháng 3 năm 2021');
    expect(() => formatDateVi('30/11/2020')).toThrow(RangeError);
  });
});
