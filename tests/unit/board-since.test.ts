/**
 * A board's `since` (shared/board-since.ts): the three forms read back as written, watermarks in
 * the departments table's order whatever the order given, and anything else refused.
 */
import { formatWatermarks, MAX_RUNNING, parseBoardSince, readWatermark } from '../../shared/board-since';

describe("a board's since", () => {
  it('reads the three forms', () => {
    expect(parseBoardSince('')).toEqual({ kind: 'all' });
    expect(parseBoardSince('2026-12-01T10:00:00.000Z')).toEqual({ kind: 'moment', at: '2026-12-01T10:00:00.000Z' });
    expect(parseBoardSince('w1:LDTBXH=812,YTE=790')).toEqual({
      kind: 'watermarks',
      watermarks: { LDTBXH: '812', YTE: '790' },
    });
    expect(parseBoardSince('w1:')).toEqual({ kind: 'watermarks', watermarks: {} });
    expect(parseBoardSince('w1:YTE=815+813+814,CONGAN=790')).toEqual({
      kind: 'watermarks',
      watermarks: { YTE: '815+813+814', CONGAN: '790' },
    });
    expect(parseBoardSince('2026-12-01T17:00:00+07:00')).toEqual({ kind: 'moment', at: '2026-12-01T10:00:00.000Z' });
  });

  it('writes watermarks in the order of the departments table, so that equal maps are equal keys', () => {
    const text = formatWatermarks({ VHTTDL: '6', YTE: '2', LDTBXH: '1', CONGAN: '5', GDDT: '4', TUPHAP: '3' });
    expect(text).toBe('w1:LDTBXH=1,YTE=2,TUPHAP=3,GDDT=4,CONGAN=5,VHTTDL=6');
    expect(parseBoardSince(text)).toEqual({
      kind: 'watermarks',
      watermarks: { LDTBXH: '1', YTE: '2', TUPHAP: '3', GDDT: '4', CONGAN: '5', VHTTDL: '6' },
    });
    // A 64-bit transaction id is kept as text, exactly.
    expect(parseBoardSince(formatWatermarks({ YTE: '18446744073709551615' }))).toEqual({
      kind: 'watermarks',
      watermarks: { YTE: '18446744073709551615' },
    });
  });

  it('reads a watermark as the first id not handed out and the transactions running then', () => {
    expect(readWatermark('815+813+814')).toEqual({ from: '815', running: ['813', '814'] });
    expect(readWatermark('812')).toEqual({ from: '812', running: [] });
    const most = `900${'+1'.repeat(MAX_RUNNING)}`;
    expect(parseBoardSince(`w1:YTE=${most}`)).toEqual({ kind: 'watermarks', watermarks: { YTE: most } });
  });

  it.each([
    'w1:YTE=815+',
    'w1:YTE=+813',
    'w1:YTE=815++813',
    'w1:YTE=815+813,',
    `w1:YTE=900${'+1'.repeat(MAX_RUNNING + 1)}`,
    'w1:NOPE=1',
    'w1:YTE=',
    'w1:YTE=-1',
    'w1:YTE=1.5',
    'w1:YTE=1,YTE=2',
    'w1:=1',
    'w1:YTE',
    "w1:YTE=1' OR true",
    'w1:YTE=123456789012345678901',
    'not a moment',
  ])('refuses %j', (since) => {
    expect(parseBoardSince(since)).toBeNull();
  });
});
