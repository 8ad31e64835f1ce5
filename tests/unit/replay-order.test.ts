/**
 * How a remembered execution is replayed (gateway/replay.ts): its waves (a fetch after every fetch
 * that had finished when it started), sent one after another, a wave only once every fetch before
 * it answered "not modified"; and its answer, sent as the text it was first sent as.
 */
import { ExecutionReplay, wavesOf, type RecordedFetch, type ReplayContext } from '../../gateway/replay';

const fetch = (service: string, started: number, finished: number): RecordedFetch => ({
  service,
  body: service,
  etag: `"${service}"`,
  bytes: 40_000,
  text: `{"data":{"${service}":1}}`,
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

type Executor = Parameters<ExecutionReplay['wrap']>[0];
type ExecutorRequest = Parameters<Executor>[0];

/** A board's plan as recorded: the key, two departments in parallel, the lines. */
const BOARD_PLAN = (): RecordedFetch[] => [
  fetch('ldtbxh', 1, 2),
  fetch('yte', 3, 6),
  fetch('gddt', 4, 5),
  fetch('lines', 7, 8),
];

/** The same query each time, with a fresh context (the gateway's per-request context). */
const request = (): ExecutorRequest & { context: ReplayContext } =>
  ({
    operation: { operation: 'query' },
    queryHash: 'board',
    operationName: 'Board',
    request: { variables: { year: 2020 } },
    context: {},
  }) as unknown as ExecutorRequest & { context: ReplayContext };

describe('a replay', () => {
  /** An executor that records the board's plan, and a replay whose fetches log when they go and come back. */
  function setUp(answer: (service: string) => number) {
    const log: string[] = [];
    const executions: ReplayContext[] = [];
    const executor: Executor = async (req) => {
      const context = req.context as ReplayContext;
      executions.push(context);
      context.replay?.recording.push(...BOARD_PLAN());
      return { data: { board: executions.length } };
    };
    const replay = new ExecutionReplay({
      maxBytes: 64 * 1024 * 1024,
      send: async (service) => {
        log.push(`send ${service}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        log.push(`answer ${service}`);
        const status = answer(service);
        return new Response(status === 304 ? null : `{"data":{"${service}":2}}`, { status });
      },
    });
    return { log, executions, run: replay.wrap(executor) };
  }

  it('sends its waves one after another: each only once every fetch before it answered', async () => {
    const { log, executions, run } = setUp(() => 304);
    await run(request()); // executed and remembered
    const again = await run(request());
    expect(again.data).toEqual({ board: 1 });
    expect(executions).toHaveLength(1);
    // The departments' requests were built from the key's answer, the lines' from theirs.
    expect(log).toEqual([
      'send ldtbxh',
      'answer ldtbxh',
      'send yte',
      'send gddt',
      'answer yte',
      'answer gddt',
      'send lines',
      'answer lines',
    ]);
  });

  it('sends no later wave once a wave changed, and the execution uses what came back', async () => {
    const { log, executions, run } = setUp((service) => (service === 'gddt' ? 200 : 304));
    await run(request());
    const again = await run(request());
    expect(again.data).toEqual({ board: 2 });
    expect(log).not.toContain('send lines');
    // The execution that followed had the changed answer, and the unchanged ones, for the same requests.
    const prefetched = executions[1]?.replay?.prefetched;
    expect(prefetched?.get('gddt\0gddt')?.text).toBe('{"data":{"gddt":2}}');
    expect(prefetched?.get('yte\0yte')?.text).toBe('{"data":{"yte":1}}');
    expect(prefetched?.has('lines\0lines')).toBe(false);
  });
});

describe('a remembered answer', () => {
  it('is sent as the text it was first sent as, without serialising it again', async () => {
    const replay = new ExecutionReplay({
      maxBytes: 64 * 1024 * 1024,
      send: async () => new Response(null, { status: 304 }),
    });
    const data = { board: [1, 2, 3] };
    const run = replay.wrap(async (req) => {
      (req.context as ReplayContext).replay?.recording.push(...BOARD_PLAN());
      return { data };
    });
    const first = await run(request());
    const text = replay.serialised({ data: first.data ?? undefined });
    expect(text).toBe('{"data":{"board":[1,2,3]}}\n');
    // Its bytes are kept with it, for the HTTP server to write as they are.
    expect(replay.encoded(text)?.toString('utf8')).toBe(text);
    expect(replay.encoded('{"data":{"board":[1,2,3]}}\n'.slice(0))).toBeDefined();
    expect(replay.encoded('{"data":{}}\n')).toBeUndefined();
    const again = await run(request());
    expect(again.data).toBe(data);
    // Had it been serialised again, the change below would show.
    data.board.push(4);
    expect(replay.serialised({ data: again.data ?? undefined })).toBe(text);
    // Any other result is serialised as Apollo Server does, with its errors first.
    expect(replay.serialised({ errors: [{ message: 'no' }], data: null })).toBe(
      '{"errors":[{"message":"no"}],"data":null}\n',
    );
  });
});
