import { compareIndicatorCodes, compareUnitCodes } from '../../subgraphs/ldtbxh/codes';

describe('the orders of codes', () => {
  it('puts indicator codes in natural order', () => {
    expect(['2.10', '10.1', '2.9', '2', '1.1'].sort(compareIndicatorCodes)).toEqual([
      '1.1',
      '2',
      '2.9',
      '2.10',
      '10.1',
    ]);
    // Parts that are not whole numbers compare by code units.
    expect(['2.b', '2.a', '2.1'].sort(compareIndicatorCodes)).toEqual(['2.1', '2.a', '2.b']);
  });

  it('puts unit codes in numeric order without parsing them', () => {
    expect(['582', '58', '22750', '02', '584'].sort(compareUnitCodes)).toEqual(['02', '58', '582', '584', '22750']);
  });
});
