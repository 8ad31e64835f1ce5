import { parseCsv } from '../../subgraphs/ldtbxh/csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and both line ends', () => {
    expect(parseCsv('code,name\r\n1,"Bác Ái, huyện"\n2,"say ""hi"""\n')).toEqual([
      { code: '1', name: 'Bác Ái, huyện' },
      { code: '2', name: 'say "hi"' },
    ]);
  });

  it('ignores a byte-order mark and a missing final newline', () => {
    expect(parseCsv('\uFEFFa,b\n1,2')).toEqual([{ a: '1', b: '2' }]);
  });

  it('refuses a ragged row with its line number, and an unterminated quote', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv')).toThrow('f.csv: line 3 has 1 fields, the header has 2');
    expect(() => parseCsv('a\n"open\n', 'f.csv')).toThrow('f.csv: unterminated quoted field');
  });
});
