import { useState } from 'preact/hooks';
import { Errors, LineChart, Missing, Page, Provisional, Status } from '../components';
import { FIRST_YEAR } from '../app';
import { graph, GraphFailure } from '../graph';
import { useGraph } from '../hooks';
import { date, dateTime, label, lang, num, pct, t } from '../i18n';
import { href } from '../router';

interface Indicator {
  code: string;
  title: string;
  department: string;
  kind: 'RATE' | 'COUNT' | 'BOOLEAN' | 'GRADED';
  state: string;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
  rate: string | null;
  band: { op: string; threshold: string } | null;
  points: number | null;
  maxPoints: number;
  provenance: string;
  source: { department: string; publishedBy: string; publishedAt: string; revision: number } | null;
  withheld: boolean;
}

interface Assessment {
  criteriaSet: { id: string; version: number; legalBasis: string; provisional: boolean; assignment: string };
  total: number;
  maxTotal: number;
  maxPossibleTotal: number;
  threshold: { points: number; provisional: boolean; categoryProvisional: boolean } | null;
  status: string;
  missing: { department: string; indicators: string[]; unavailable: boolean }[];
  eligible: boolean;
  conditions: {
    code: string;
    met: boolean | null;
    message: string;
    messageVi: string;
    provisional: boolean;
    /** The condition's figures, a JSON object (the graph's `JSON` scalar). */
    figures: unknown;
  }[];
  totalProvisional: boolean;
  criteria: {
    number: number;
    title: string;
    department: string;
    points: number | null;
    maxPoints: number;
    maxPossiblePoints: number;
    complete: boolean;
    met: boolean | null;
    provenance: string;
    indicators: Indicator[];
  }[];
  gaps: {
    criterion: number;
    indicator: string;
    kind: string;
    currentPoints: number;
    nextPoints: number;
    gain: number;
    needed: Needed | null;
    reachable: boolean;
    message: string;
    messageVi: string;
  }[];
  explanation: string;
}

type Needed = {
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
};

interface Event {
  action: string;
  fromState: string | null;
  toState: string;
  at: string;
  actor: string;
  /** The step's details, a JSON object (the graph's `JSON` scalar). */
  details: Record<string, unknown>;
  flags?: { code: string; messageVi: string; message: string }[];
  disagreement?: {
    reason: string;
    computed: { total: number; maxTotal: number; status: string; eligible: boolean };
  } | null;
}

interface CommuneData {
  commune: {
    code: string;
    name: string;
    typeName: string;
    /** Null on the two-tier map (from 1 July 2025). */
    district: { code: string; name: string } | null;
    province: { code: string; name: string };
    category: { category: string; provisional: boolean; source: string } | null;
    recognitionStreak: number;
    year: {
      changedSinceDecision: boolean | null;
      assessment: Assessment | null;
      recognition: { state: string; history: Event[] } | null;
    };
    years: {
      year: number;
      assessment: {
        total: number;
        maxTotal: number;
        status: string;
        eligible: boolean;
        threshold: { points: number } | null;
      } | null;
      recognition: { state: string; decision: Event | null } | null;
    }[];
  } | null;
  rewards: { districtReward: Reward[]; chairmanProposal: Reward[] };
}

type Reward = { commune: { code: string }; streak: number; years: number[] };

const ASSESSMENT = `criteriaSet { id version legalBasis provisional assignment }
  total totalProvisional maxTotal maxPossibleTotal threshold { points provisional categoryProvisional } status
  missing { department indicators unavailable } eligible
  conditions { code met message messageVi provisional figures }
  criteria { number title department points maxPoints maxPossiblePoints complete met provenance
    indicators { code title department kind state numerator denominator count value grade rate band { op threshold } points maxPoints provenance
      source { department publishedBy publishedAt revision } withheld } }
  gaps { criterion indicator kind currentPoints nextPoints gain needed { numerator denominator count value grade } reachable message messageVi }
  explanation`;

export const COMMUNE_QUERY = `query CommunePage($code: String!, $year: Int!, $from: Int!) {
  commune(code: $code) {
    code name typeName district { code name } province { code name } category(year: $year) { category provisional source }
    recognitionStreak(year: $year)
    year(year: $year) {
      changedSinceDecision
      assessment { ${ASSESSMENT} }
      recognition { state history { action fromState toState at actor details flags { code message messageVi } disagreement { reason computed { total maxTotal status eligible } } } }
    }
    years(from: $from, to: $year) {
      year
      assessment { total maxTotal status eligible threshold { points } }
      recognition { state decision { action fromState toState at actor details } }
    }
  }
  rewards(year: $year) { districtReward { commune { code } streak years } chairmanProposal { commune { code } streak years } }
}`;

export const WHAT_IF_QUERY = `query WhatIf($code: String!, $year: Int!, $overrides: [IndicatorOverrideInput!]!) {
  commune(code: $code) { year(year: $year) { whatIf(overrides: $overrides) { total maxTotal status eligible explanation criteria { number points maxPoints } } } }
}`;

const GRADES_QUERY = `query Grades($id: ID!, $version: Int) { criteriaSet(id: $id, version: $version) { criteria { indicators { code grades { grade label } } } } }`;

/** The raw inputs of an indicator as shown: withheld and missing are said, never shown as 0. */
function Inputs(props: { indicator: Indicator }) {
  const i = props.indicator;
  if (i.withheld) return <span class="withheld">{t('withheld')}</span>;
  if (i.state !== 'SCORED') return i.state === 'MISSING' ? <Missing /> : <span class="missing">{label(i.state)}</span>;
  switch (i.kind) {
    case 'RATE':
      return (
        <span>
          {num(i.numerator)} / {num(i.denominator)}
        </span>
      );
    case 'COUNT':
      return <span>{num(i.count)}</span>;
    case 'BOOLEAN':
      return <span>{i.value === null ? '—' : i.value ? 'Có' : 'Không'}</span>;
    case 'GRADED':
      return <span>{i.grade ?? '—'}</span>;
  }
}

interface Override {
  indicator: string;
  numerator?: string;
  denominator?: string;
  count?: string;
  value?: boolean;
  grade?: string;
}

function overrideInput(o: Override, kind: string | undefined): Record<string, unknown> {
  const n = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s.replace(',', '.')));
  switch (kind) {
    case 'RATE':
      return { indicator: o.indicator, numerator: n(o.numerator), denominator: n(o.denominator) };
    case 'COUNT':
      return { indicator: o.indicator, count: n(o.count) };
    case 'BOOLEAN':
      return { indicator: o.indicator, value: o.value ?? false };
    case undefined:
    default:
      return { indicator: o.indicator, grade: o.grade ?? '' };
  }
}

function fromNeeded(indicator: string, needed: Needed): Override {
  return {
    indicator,
    numerator: needed.numerator === null ? undefined : String(needed.numerator),
    denominator: needed.denominator === null ? undefined : String(needed.denominator),
    count: needed.count === null ? undefined : String(needed.count),
    value: needed.value ?? undefined,
    grade: needed.grade ?? undefined,
  };
}

type WhatIfResult = {
  total: number;
  maxTotal: number;
  status: string;
  eligible: boolean;
  explanation: string;
  criteria: { number: number; points: number | null; maxPoints: number }[];
};

function WhatIfPanel(props: {
  code: string;
  year: number;
  assessment: Assessment;
  overrides: Override[];
  setOverrides: (o: Override[]) => void;
}) {
  const { assessment, overrides, setOverrides } = props;
  const indicators = assessment.criteria.flatMap((c) => c.indicators);
  const kindOf = (code: string) => indicators.find((i) => i.code === code)?.kind;
  const grades = useGraph<{
    criteriaSet: { criteria: { indicators: { code: string; grades: { grade: string; label: string }[] }[] }[] } | null;
  }>(GRADES_QUERY, {
    id: assessment.criteriaSet.id,
    version: assessment.criteriaSet.version,
  });
  const gradesOf = (code: string) =>
    grades.state === 'ready'
      ? (grades.data.criteriaSet?.criteria.flatMap((c) => c.indicators).find((i) => i.code === code)?.grades ?? [])
      : [];
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (index: number, change: Partial<Override>) =>
    setOverrides(overrides.map((o, i) => (i === index ? { ...o, ...change } : o)));
  const compute = async (event: globalThis.Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data, errors } = await graph<{ commune: { year: { whatIf: WhatIfResult | null } } | null }>(
        WHAT_IF_QUERY,
        {
          code: props.code,
          year: props.year,
          overrides: overrides.map((o) => overrideInput(o, kindOf(o.indicator))),
        },
      );
      const answer = data?.commune?.year.whatIf ?? null;
      setResult(answer);
      if (!answer) setError(errors.map((e) => e.extensions?.messageVi ?? e.message).join('; '));
    } catch (e) {
      setResult(null);
      setError(
        e instanceof GraphFailure
          ? e.errors
              .map(
                (x) =>
                  `${x.extensions?.messageVi ?? x.message}${x.extensions?.field ? ` (${String(x.extensions.field)})` : ''}`,
              )
              .join('; ') || e.message
          : String(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" id="what-if" aria-labelledby="what-if-title">
      <h2 id="what-if-title">{t('whatIf')}</h2>
      <p>{t('whatIfIntro')}</p>
      <form onSubmit={compute}>
        {overrides.map((o, index) => {
          const kind = kindOf(o.indicator);
          const id = `wi-${index}`;
          return (
            <fieldset key={index} class="override" data-override={o.indicator}>
              <legend>
                {t('indicator')} {o.indicator}
              </legend>
              <label>
                {t('indicator')}
                <select
                  id={`${id}-indicator`}
                  value={o.indicator}
                  onChange={(e) => update(index, { indicator: (e.target as HTMLSelectElement).value })}
                >
                  {indicators.map((i) => (
                    <option key={i.code} value={i.code}>
                      {i.code} — {i.title}
                    </option>
                  ))}
                </select>
              </label>
              {kind === 'RATE' && (
                <>
                  <label>
                    Tử số / numerator
                    <input
                      id={`${id}-numerator`}
                      inputMode="numeric"
                      value={o.numerator ?? ''}
                      onInput={(e) => update(index, { numerator: (e.target as HTMLInputElement).value })}
                    />
                  </label>
                  <label>
                    Mẫu số / denominator
                    <input
                      id={`${id}-denominator`}
                      inputMode="numeric"
                      value={o.denominator ?? ''}
                      onInput={(e) => update(index, { denominator: (e.target as HTMLInputElement).value })}
                    />
                  </label>
                </>
              )}
              {kind === 'COUNT' && (
                <label>
                  Số trường hợp / count
                  <input
                    id={`${id}-count`}
                    inputMode="numeric"
                    value={o.count ?? ''}
                    onInput={(e) => update(index, { count: (e.target as HTMLInputElement).value })}
                  />
                </label>
              )}
              {kind === 'BOOLEAN' && (
                <label>
                  <input
                    id={`${id}-value`}
                    type="checkbox"
                    checked={o.value ?? false}
                    onChange={(e) => update(index, { value: (e.target as HTMLInputElement).checked })}
                  />{' '}
                  Có / yes
                </label>
              )}
              {kind === 'GRADED' && (
                <label>
                  Xếp loại / grade
                  <select
                    id={`${id}-grade`}
                    value={o.grade ?? ''}
                    onChange={(e) => update(index, { grade: (e.target as HTMLSelectElement).value })}
                  >
                    <option value="">—</option>
                    {gradesOf(o.indicator).map((g) => (
                      <option key={g.grade} value={g.grade}>
                        {g.grade} — {g.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <button type="button" onClick={() => setOverrides(overrides.filter((_, i) => i !== index))}>
                {t('remove')}
              </button>
            </fieldset>
          );
        })}
        <div class="actions">
          <button
            type="button"
            id="what-if-add"
            onClick={() => setOverrides([...overrides, { indicator: indicators[0]?.code ?? '' }])}
          >
            {t('addOverride')}
          </button>
          <button type="submit" id="what-if-compute" disabled={busy || overrides.length === 0}>
            {t('compute')}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" class="error" id="what-if-error">
          {error}
        </p>
      )}
      {result && (
        <div id="what-if-result" role="status" data-total={result.total} data-eligible={String(result.eligible)}>
          <table class="data compact">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t('before')}</th>
                <th scope="col">{t('after')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('total')}</th>
                <td>{num(assessment.total)}</td>
                <td data-col="total">{num(result.total)}</td>
              </tr>
              <tr>
                <th scope="row">{t('dataStatus')}</th>
                <td>{label(assessment.status)}</td>
                <td>{label(result.status)}</td>
              </tr>
              <tr>
                <th scope="row">{t('eligible')}</th>
                <td>{assessment.eligible ? t('eligible') : t('notEligible')}</td>
                <td data-col="eligible">{result.eligible ? t('eligible') : t('notEligible')}</td>
              </tr>
            </tbody>
          </table>
          <p class="explanation">{result.explanation}</p>
        </div>
      )}
    </section>
  );
}

/** A condition's figures as "total 935 · required 850"; a value that is not an object is shown as JSON. */
function figures(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  return Object.entries(value)
    .map(
      ([k, v]: [string, unknown]) =>
        `${k} ${Array.isArray(v) ? (v.length ? v.join(', ') : '—') : typeof v === 'number' ? num(v) : v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(' · ');
}

/** A step's details as "decisionDate: 15/01/2020 · signer: …": its text and number fields. */
function details(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => (/date$/i.test(k) && typeof v === 'string' ? `${k}: ${date(v)}` : `${k}: ${String(v)}`))
    .join(' · ');
}

export function CommunePage(props: { code: string; year: number }) {
  const loaded = useGraph<CommuneData>(COMMUNE_QUERY, { code: props.code, year: props.year, from: FIRST_YEAR });
  const [overrides, setOverrides] = useState<Override[]>([]);
  const commune = loaded.state === 'ready' ? loaded.data.commune : null;
  const a = commune?.year.assessment ?? null;
  const rewards = loaded.state === 'ready' ? loaded.data.rewards : null;
  const reward = (list: Reward[] | undefined) => list?.find((r) => r.commune.code === props.code);
  const districtReward = reward(rewards?.districtReward);
  const chairman = reward(rewards?.chairmanProposal);
  const years = commune?.years ?? [];
  const title = commune ? `${commune.name} — ${props.year}` : props.code;
  return (
    <Page id="commune" title={title} state={loaded.state}>
      <Status loaded={loaded} />
      {commune && (
        <>
          <p class="lead">
            {commune.typeName} · {t('code')} {commune.code} ·{' '}
            {commune.district ? (
              <a href={href('league', { year: props.year, district: commune.district.code })}>
                {commune.district.name}
              </a>
            ) : (
              commune.province.name
            )}{' '}
            · {t('category')}: {commune.category ? label(commune.category.category) : '—'}{' '}
            {commune.category?.provisional && <Provisional />}
          </p>
          {a && (
            <>
              <div class="cards">
                <article class="card" data-figure="total">
                  <h2>{t('total')}</h2>
                  <p class="big">
                    {num(a.total)} / {num(a.maxTotal)}
                  </p>
                  {a.totalProvisional && (
                    <p data-figure="total-so-far">
                      {t('totalSoFar')} {num(a.maxPossibleTotal)}
                    </p>
                  )}
                  <p>
                    {t('threshold')} {num(a.threshold?.points)} {a.threshold?.provisional && <Provisional />}
                  </p>
                </article>
                <article class="card" data-figure="status">
                  <h2>{t('assessment')}</h2>
                  <p class="big">{a.eligible ? t('eligible') : t('notEligible')}</p>
                  <p>{label(a.status)}</p>
                </article>
                <article class="card" data-figure="streak">
                  <h2>{t('streak')}</h2>
                  <p class="big">{num(commune.recognitionStreak)}</p>
                  <p data-figure="rewards">
                    {districtReward || chairman ? (
                      <>
                        {districtReward && <span>{t('districtReward')}</span>}
                        {chairman && <span> · {t('chairmanProposal')}</span>}
                      </>
                    ) : (
                      t('noReward')
                    )}
                  </p>
                </article>
              </div>
              <p class="set">
                {a.criteriaSet.legalBasis} ({a.criteriaSet.id} v{a.criteriaSet.version}){' '}
                {a.criteriaSet.provisional && (
                  <>
                    <Provisional /> {t('provisionalSet')}
                  </>
                )}
              </p>
              <h2>{t('explanation')}</h2>
              <p class="explanation" lang="vi" data-figure="explanation">
                {a.explanation}
              </p>
              {t('explanationViOnly') && <p class="note">{t('explanationViOnly')}</p>}
              {a.missing.length > 0 && (
                <div class="warning" data-figure="missing">
                  <strong>{t('missingData')}:</strong>
                  <ul>
                    {a.missing.map((m) => (
                      <li key={m.department}>
                        {label(m.department)}: {m.indicators.join(', ')}{' '}
                        {m.unavailable ? `(${label('UNAVAILABLE')})` : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <h2>{t('conditions')}</h2>
              <ul class="conditions">
                {a.conditions.map((c) => (
                  <li key={c.code} data-condition={c.code} data-met={String(c.met)}>
                    <span class={`tag ${c.met ? 'ok' : 'bad'}`}>
                      {c.met === null ? '—' : c.met ? t('met') : t('notMet')}
                    </span>{' '}
                    {c.messageVi} <span class="note">({figures(c.figures)})</span> {c.provisional && <Provisional />}
                  </li>
                ))}
              </ul>
              <h2>{t('assessment')}</h2>
              <div class="scroll">
                <table class="data" data-table="indicators">
                  <thead>
                    <tr>
                      <th scope="col">{t('indicator')}</th>
                      <th scope="col">{t('inputs')}</th>
                      <th scope="col">{t('rate')}</th>
                      <th scope="col">{t('bandCol')}</th>
                      <th scope="col" class="num">
                        {t('points')}
                      </th>
                      <th scope="col">{t('source')}</th>
                    </tr>
                  </thead>
                  {a.criteria.map((c) => (
                    <tbody key={c.number} data-criterion={c.number}>
                      <tr class="criterion">
                        <th scope="rowgroup" colSpan={4}>
                          {t('criterion')} {c.number}. {c.title} · {label(c.department)}{' '}
                          {c.provenance === 'PROVISIONAL' && <Provisional />}
                        </th>
                        <td class="num">
                          {c.points === null ? <Missing /> : `${num(c.points)} / ${num(c.maxPoints)}`}
                        </td>
                        <td>
                          {c.complete ? '' : `${t('partialCriterion')} (≤ ${num(c.maxPossiblePoints)})`}
                          {c.met === true && ` ${t('criterionMet')}`}
                          {c.met === false && ` ${t('criterionNotMet')}`}
                        </td>
                      </tr>
                      {c.indicators.map((i) => (
                        <tr key={i.code} data-indicator={i.code} data-withheld={String(i.withheld)}>
                          <th scope="row">
                            {i.code} {i.title}
                          </th>
                          <td data-col="inputs">
                            <Inputs indicator={i} />
                          </td>
                          <td>{i.withheld ? '' : pct(i.rate)}</td>
                          <td>{i.band ? `${i.band.op} ${i.band.threshold.replace('.', ',')}` : '—'}</td>
                          <td class="num" data-col="points">
                            {i.points === null ? <Missing /> : `${num(i.points)} / ${num(i.maxPoints)}`}
                          </td>
                          <td class="source">
                            {i.source
                              ? `${label(i.source.department)} · ${i.source.publishedBy} · ${date(i.source.publishedAt)} · r${i.source.revision}`
                              : '—'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  ))}
                </table>
              </div>
              <h2>{t('gaps')}</h2>
              {a.gaps.length === 0 ? (
                <p>{t('noGaps')}</p>
              ) : (
                <ul class="gaps">
                  {a.gaps.map((g) => (
                    <li key={g.indicator} data-gap={g.indicator}>
                      {g.messageVi} (+{num(g.gain)} {t('points').toLowerCase()})
                      {g.needed && g.reachable && (
                        <>
                          {' '}
                          <button
                            type="button"
                            data-try={g.indicator}
                            onClick={() =>
                              setOverrides([
                                ...overrides.filter((o) => o.indicator !== g.indicator),
                                fromNeeded(g.indicator, g.needed as Needed),
                              ])
                            }
                          >
                            {t('tryThis')}
                          </button>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              <WhatIfPanel
                code={props.code}
                year={props.year}
                assessment={a}
                overrides={overrides}
                setOverrides={setOverrides}
              />
            </>
          )}
          <h2>{t('trend')}</h2>
          <LineChart
            id="trend-chart"
            title={`${t('total')} (${t('dataStatus').toLowerCase()}: ${label('COMPLETE').toLowerCase()})`}
            years={years.map((y) => y.year)}
            format={(v) => num(v)}
            series={[
              {
                label: t('total'),
                colour: '#3b528b',
                values: years.map((y) => (y.assessment?.status === 'COMPLETE' ? y.assessment.total : null)),
              },
              {
                label: t('threshold'),
                colour: '#d95f02',
                dash: [6, 4],
                values: years.map((y) => y.assessment?.threshold?.points ?? null),
              },
            ]}
          />
          <h2>{t('history')}</h2>
          {commune.year.changedSinceDecision && <p class="warning">{t('changedSince')}</p>}
          <div class="scroll">
            <table class="data" data-table="years">
              <thead>
                <tr>
                  <th scope="col">{t('year')}</th>
                  <th scope="col">{t('total')}</th>
                  <th scope="col">{t('recognition')}</th>
                  <th scope="col">{t('decision')}</th>
                </tr>
              </thead>
              <tbody>
                {[...years].reverse().map((y) => (
                  <tr key={y.year} data-year={y.year}>
                    <th scope="row">
                      <a href={href('commune', { year: y.year }, props.code)}>{y.year}</a>
                    </th>
                    <td data-col="total">
                      {y.assessment ? (
                        <>
                          {num(y.assessment.total)} / {num(y.assessment.maxTotal)}{' '}
                          {y.assessment.status !== 'COMPLETE' && <span class="missing">({t('missingData')})</span>}
                        </>
                      ) : (
                        t('noAssessment')
                      )}
                    </td>
                    <td data-col="state">{y.recognition ? label(y.recognition.state) : t('notRegisteredYear')}</td>
                    <td data-col="decision">
                      {y.recognition?.decision
                        ? `${label(y.recognition.decision.action)} · ${dateTime(y.recognition.decision.at)} · ${details(y.recognition.decision.details)}`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {commune.year.recognition && (
            <>
              <h3>
                {t('history')} — {props.year}
              </h3>
              <ol class="events" data-table="events">
                {commune.year.recognition.history.map((e, i) => (
                  <li key={i} data-action={e.action}>
                    <strong>{label(e.action)}</strong> ({label(e.fromState)} → {label(e.toState)}) · {dateTime(e.at)} ·{' '}
                    {e.actor}
                    {details(e.details) && <div class="note">{details(e.details)}</div>}
                    {e.disagreement && (
                      <div class="note" data-disagreement>
                        {t('disagreement')}: {num(e.disagreement.computed.total)}/
                        {num(e.disagreement.computed.maxTotal)} · {label(e.disagreement.computed.status)} ·{' '}
                        {t('reason')}: {e.disagreement.reason}
                      </div>
                    )}
                    {(e.flags ?? [])
                      .filter((f) => f.code !== 'DISAGREES_WITH_COMPUTATION')
                      .map((f) => (
                        <div key={f.code} class="note" data-flag={f.code}>
                          {lang() === 'vi' ? f.messageVi : f.message}
                        </div>
                      ))}
                  </li>
                ))}
              </ol>
            </>
          )}
          {loaded.state === 'ready' && <Errors errors={[]} />}
        </>
      )}
      {loaded.state === 'ready' && !commune && <p role="alert">{props.code}: ?</p>}
    </Page>
  );
}
