/** The waves a remembered execution is replayed in (gateway/replay.ts): a fetch after every fetch that had finished when it started. */
import { wavesOf, type RecordedFetch } from '../../gateway/replay';

const fetch = (service: string, started: number, finished: number): RecordedFetch => ({
  service,
  body: service,
  etag: `"${service}"`,
  bytes: 1,
  text: null,
  started,
  finished,
});
const names = (waves: RecordedFetch[][]) => waves.map((wave) => wave.map((f) => f.service));

describe('wavesOf', () => {
  it("puts a board's plan in its three waves: the key, the departments in parallel, the lines", () => {
    const key = fetch('ldtbxh', 1, 2);
    const departments = ['yte', 'tuphap', 'gddt', 'congan', 'vhttdl'].map((s, i) => fetch(s, 3 + i, 20 - i));
    const lines = fetch('ldtbxh-lines', 21, 22);
    expect(names(wavesOf([lines, ...departments, key]))).toEqual([
      ['ldtbxh'],
      ['yte', 'tuphap', 'gddt', 'congan', 'vhttdl'],
      ['ldtbxh-lines'],
    ]);
  });

  it('puts a fetch that started after one of a wave finished in a later wave, even while others run', () => {
    // a and b start together; c starts after a finished but while b still runs: c may depend on a.
    const a = fetch('a', 1, 3);
    const b = fetch('b', 2, 6);
    const c = fetch('c', 4, 5);
    const d = fetch('d', 7, 8);
    expect(names(wavesOf([a, b, c, d]))).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('keeps fetches that all started before any finished in one wave', () => {
    expect(names(wavesOf([fetch('x', 1, 4), fetch('y', 2, 5), fetch('z', 3, 6)]))).toEqual([['x', 'y', 'z']]);
  });
});
