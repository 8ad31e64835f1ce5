import { useState } from 'preact/hooks';
import { compare, LineChart, nextSort, Page, Provisional, SortHeader, Status } from '../components';
import { FIRST_YEAR } from '../app';
import { useGraph } from '../hooks';
import { label, lang, num, pct, t } from '../i18n';
import { href } from '../router';

interface Measure {
  count: number | null;
  pct: string | null;
  position: string;
}

interface Progress {
  communes: number;
  recognised: number;
  previousRecognised: number | null;
  sharePct: string;
  targetSharePct: string | null;
  targetYear: number | null;
  firstEver: Measure;
  returns: Measure;
  dropOuts: Measure;
  netChange: Measure;
  band: { minPct: string; maxPct: string; provisional: boolean } | null;
  ownTarget: {
    level: string;
    newCount: number;
    newSharePct: string;
    recognisedCount: number | null;
    met: boolean | null;
  } | null;
  status: string;
  projectedYear: number | null;
  explanation: string;
  explanationVi: string;
}

interface OverviewData {
  recognitionOverview: {
    province: Progress;
    byState: { state: string; count: number }[];
    notRegistered: number;
    districts: {
      district: { code: string; name: string };
      progress: Progress;
      byState: { state: string; count: number }[];
      notRegistered: number;
    }[];
  };
  [alias: `y${number}`]: { province: { sharePct: string; targetSharePct: string | null } } | undefined;
}

const MEASURE = 'count pct position';
const PROGRESS = `communes recognised previousRecognised sharePct targetSharePct targetYear
  firstEver { ${MEASURE} } returns { ${MEASURE} } dropOuts { ${MEASURE} } netChange { ${MEASURE} }
  band { minPct maxPct provisional } ownTarget { level newCount newSharePct recognisedCount met }
  status projectedYear explanation explanationVi`;

/**
 * The overview's one query: the year's progress (the graph's one computation of growth: first-ever
 * recognitions, returns, drop-outs and the net change against the band), and the province's share
 * for every year up to it (the chart).
 */
export function overviewQuery(year: number): string {
  const history = Array.from({ length: year - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i)
    .map((y) => `y${y}: recognitionOverview(year: ${y}) { province { sharePct targetSharePct } }`)
    .join('\n');
  return `query Overview($year: Int!) {
    recognitionOverview(year: $year) {
      province { ${PROGRESS} }
      byState { state count } notRegistered
      districts { district { code name } progress { ${PROGRESS} } byState { state count } notRegistered }
    }
    ${history}
  }`;
}

/** A count with its sign: "+1", "-2", "0"; null → "—". */
const signed = (count: number | null): string => (count === null ? '—' : count > 0 ? `+${num(count)}` : num(count));
/** A measure's share with its sign, as a Vietnamese percentage. */
const signedPct = (m: Measure): string =>
  m.pct === null ? '—' : m.count !== null && m.count > 0 ? `+${pct(m.pct)}` : pct(m.pct);

type Column =
  | 'name'
  | 'communes'
  | 'recognised'
  | 'share'
  | 'net'
  | 'firstEver'
  | 'returns'
  | 'dropOuts'
  | 'status'
  | 'projected'
  | 'ownTarget';

export function OverviewPage(props: { year: number }) {
  const loaded = useGraph<OverviewData>(overviewQuery(props.year), { year: props.year });
  const [sort, setSort] = useState<{ column: string; dir: 'asc' | 'desc' }>({ column: 'name', dir: 'asc' });
  const data = loaded.state === 'ready' ? loaded.data : null;
  const overview = data?.recognitionOverview;
  const province = overview?.province;
  const years = Array.from({ length: props.year - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const value = (d: NonNullable<typeof overview>['districts'][number], column: Column): string | number | null => {
    const p = d.progress;
    switch (column) {
      case 'name':
        return d.district.name;
      case 'communes':
        return p.communes;
      case 'recognised':
        return p.recognised;
      case 'share':
        return Number(p.sharePct);
      case 'net':
        return p.netChange.count;
      case 'firstEver':
        return p.firstEver.count;
      case 'returns':
        return p.returns.count;
      case 'dropOuts':
        return p.dropOuts.count;
      case 'ownTarget':
        return p.ownTarget?.newCount ?? null;
      case 'status':
        return label(p.status);
      case 'projected':
        return p.projectedYear;
    }
  };
  const districts = [...(overview?.districts ?? [])].sort((a, b) =>
    compare(value(a, sort.column as Column), value(b, sort.column as Column), sort.dir),
  );
  const onSort = (column: string) => setSort(nextSort(sort, column, column === 'name' ? 'asc' : 'desc'));
  return (
    <Page id="overview" title={`${t('overviewTitle')} — ${props.year}`} state={loaded.state}>
      <Status loaded={loaded} />
      {province && (
        <>
          <div class="cards">
            <article class="card" data-figure="share">
              <h2>{t('share')}</h2>
              <p class="big">{pct(province.sharePct)}</p>
              <p>
                {num(province.recognised)} / {num(province.communes)} · {t('target')} {pct(province.targetSharePct)}{' '}
                {province.targetYear ? `${t('byYear')} ${province.targetYear}` : ''}
              </p>
            </article>
            <article class="card" data-figure="net">
              <h2>{t('netChange')}</h2>
              <p class="big">{signedPct(province.netChange)}</p>
              <p>
                <span data-figure="net-count">{signed(province.netChange.count)}</span> · {t('band')}{' '}
                {province.band ? `${pct(province.band.minPct)} – ${pct(province.band.maxPct)}` : '—'}
                {province.band?.provisional && (
                  <>
                    {' '}
                    <Provisional />
                  </>
                )}{' '}
                (<span data-figure="net-position">{label(province.netChange.position)}</span>)
              </p>
              <p>
                {t('firstEver')} <span data-figure="first-ever">{num(province.firstEver.count)}</span> · {t('returns')}{' '}
                <span data-figure="returns">{num(province.returns.count)}</span> · {t('dropOuts')}{' '}
                <span data-figure="drop-outs">{num(province.dropOuts.count)}</span>
              </p>
            </article>
            <article class="card" data-figure="status">
              <h2>{t('status')}</h2>
              <p class="big">{label(province.status)}</p>
              <p>
                {t('projected')}: <span data-figure="projected">{province.projectedYear ?? t('none')}</span>
              </p>
              <p data-figure="own-target">
                {t('ownTarget')}:{' '}
                {province.ownTarget
                  ? `+${num(province.ownTarget.newCount)} (${pct(province.ownTarget.newSharePct)})`
                  : t('none')}
              </p>
            </article>
          </div>
          <p class="explanation" data-figure="explanation" lang={lang()}>
            {lang() === 'vi' ? province.explanationVi : province.explanation}
          </p>
          <LineChart
            id="share-chart"
            title={t('shareChart')}
            years={years}
            yMax={100}
            format={(v) => (v === null ? '—' : `${String(v).replace('.', ',')} %`)}
            series={[
              {
                label: t('share'),
                colour: '#3b528b',
                values: years.map((y) => (data?.[`y${y}`] ? Number(data[`y${y}`]?.province.sharePct) : null)),
              },
              {
                label: t('target'),
                colour: '#d95f02',
                dash: [6, 4],
                values: years.map((y) => {
                  const target = data?.[`y${y}`]?.province.targetSharePct;
                  return target ? Number(target) : null;
                }),
              },
            ]}
          />
          <h2>{t('byState')}</h2>
          <table class="data compact" data-table="by-state">
            <tbody>
              {overview.byState.map((s) => (
                <tr key={s.state}>
                  <th scope="row">{label(s.state)}</th>
                  <td>{num(s.count)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('notRegistered')}</th>
                <td>{num(overview.notRegistered)}</td>
              </tr>
            </tbody>
          </table>
          <h2>{t('districtsTable')}</h2>
          <div class="scroll">
            <table class="data" data-table="districts">
              <thead>
                <tr>
                  <SortHeader label={t('district')} column="name" sort={sort} onSort={onSort} />
                  <SortHeader label={t('communes')} column="communes" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('recognised')} column="recognised" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('share')} column="share" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('netChange')} column="net" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('firstEver')} column="firstEver" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('returns')} column="returns" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('dropOuts')} column="dropOuts" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('status')} column="status" sort={sort} onSort={onSort} />
                  <SortHeader label={t('projected')} column="projected" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('ownTarget')} column="ownTarget" sort={sort} onSort={onSort} class="num" />
                </tr>
              </thead>
              <tbody>
                {districts.map((d) => (
                  <tr key={d.district.code} data-district={d.district.code}>
                    <th scope="row">
                      <a href={href('league', { year: props.year, district: d.district.code })}>{d.district.name}</a>
                    </th>
                    <td class="num" data-col="communes">
                      {num(d.progress.communes)}
                    </td>
                    <td class="num" data-col="recognised">
                      {num(d.progress.recognised)}
                    </td>
                    <td class="num" data-col="share">
                      {pct(d.progress.sharePct)}
                    </td>
                    <td
                      class="num"
                      data-col="net"
                      data-position={d.progress.netChange.position}
                      title={label(d.progress.netChange.position)}
                    >
                      {signed(d.progress.netChange.count)} ({signedPct(d.progress.netChange)})
                    </td>
                    <td class="num" data-col="firstEver">
                      {num(d.progress.firstEver.count)}
                    </td>
                    <td class="num" data-col="returns">
                      {num(d.progress.returns.count)}
                    </td>
                    <td class="num" data-col="dropOuts">
                      {num(d.progress.dropOuts.count)}
                    </td>
                    <td data-col="status">{label(d.progress.status)}</td>
                    <td class="num" data-col="projected">
                      {d.progress.projectedYear ?? '—'}
                    </td>
                    <td class="num" data-col="ownTarget">
                      {d.progress.ownTarget
                        ? `+${num(d.progress.ownTarget.newCount)} (${pct(d.progress.ownTarget.newSharePct)})`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
