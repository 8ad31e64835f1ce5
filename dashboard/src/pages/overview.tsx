import { useState } from 'preact/hooks';
import { compare, LineChart, nextSort, Page, Provisional, SortHeader, Status } from '../components';
import { FIRST_YEAR } from '../app';
import { useGraph } from '../hooks';
import { label, num, pct, t } from '../i18n';
import { href } from '../router';

interface Progress {
  communes: number;
  recognised: number;
  newlyRecognised: number;
  sharePct: string;
  targetSharePct: string | null;
  targetYear: number | null;
  newPct: string;
  inNewBand: string | null;
  status: string;
  projectedYear: number | null;
  explanation: string;
}

interface OverviewData {
  recognitionOverview: {
    province: Progress;
    byState: { state: string; count: number }[];
    notRegistered: number;
    districts: { district: { code: string; name: string }; progress: Progress; byState: { state: string; count: number }[]; notRegistered: number }[];
  };
  targets: { scope: string; recognisedSharePct: string | null; newMinPct: string; newMaxPct: string; provisional: boolean }[];
  [alias: `y${number}`]: { province: { sharePct: string; targetSharePct: string | null } } | undefined;
}

const PROGRESS = 'communes recognised newlyRecognised sharePct targetSharePct targetYear newPct inNewBand status projectedYear explanation';

/** The overview's one query: the year's progress, its targets, and the province's share for every year up to it (the chart). */
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
    targets(year: $year) { scope recognisedSharePct newMinPct newMaxPct provisional }
    ${history}
  }`;
}

type Column = 'name' | 'communes' | 'recognised' | 'share' | 'newly' | 'newPct' | 'status' | 'projected';

export function OverviewPage(props: { year: number }) {
  const loaded = useGraph<OverviewData>(overviewQuery(props.year), { year: props.year });
  const [sort, setSort] = useState<{ column: string; dir: 'asc' | 'desc' }>({ column: 'name', dir: 'asc' });
  const data = loaded.state === 'ready' ? loaded.data : null;
  const overview = data?.recognitionOverview;
  const province = overview?.province;
  const provinceTarget = data?.targets.find((x) => x.scope.startsWith('province:'));
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
      case 'newly':
        return p.newlyRecognised;
      case 'newPct':
        return Number(p.newPct);
      case 'status':
        return label(p.status);
      case 'projected':
        return p.projectedYear;
    }
  };
  const districts = [...(overview?.districts ?? [])].sort((a, b) => compare(value(a, sort.column as Column), value(b, sort.column as Column), sort.dir));
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
                {num(province.recognised)} / {num(province.communes)} ·{' '}
                {t('target')} {pct(province.targetSharePct)} {province.targetYear ? `${t('byYear')} ${province.targetYear}` : ''}
                {provinceTarget?.provisional && <> <Provisional /></>}
              </p>
            </article>
            <article class="card" data-figure="newly">
              <h2>{t('newly')}</h2>
              <p class="big">{pct(province.newPct)}</p>
              <p>
                {num(province.newlyRecognised)} · {t('band')} {provinceTarget ? `${pct(provinceTarget.newMinPct)} – ${pct(provinceTarget.newMaxPct)}` : '—'} ({label(province.inNewBand)})
              </p>
            </article>
            <article class="card" data-figure="status">
              <h2>{t('status')}</h2>
              <p class="big">{label(province.status)}</p>
              <p>
                {t('projected')}: <span data-figure="projected">{province.projectedYear ?? t('none')}</span>
              </p>
            </article>
          </div>
          <p class="explanation" lang="en">
            {province.explanation}
          </p>
          <LineChart
            id="share-chart"
            title={t('shareChart')}
            years={years}
            yMax={100}
            format={(v) => (v === null ? '—' : `${String(v).replace('.', ',')} %`)}
            series={[
              { label: t('share'), colour: '#3b528b', values: years.map((y) => (data?.[`y${y}`] ? Number(data[`y${y}`]?.province.sharePct) : null)) },
              { label: t('target'), colour: '#d95f02', dash: [6, 4], values: years.map((y) => { const target = data?.[`y${y}`]?.province.targetSharePct; return target ? Number(target) : null; }) },
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
                  <SortHeader label={t('newly')} column="newly" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label="%" column="newPct" sort={sort} onSort={onSort} class="num" />
                  <SortHeader label={t('status')} column="status" sort={sort} onSort={onSort} />
                  <SortHeader label={t('projected')} column="projected" sort={sort} onSort={onSort} class="num" />
                </tr>
              </thead>
              <tbody>
                {districts.map((d) => (
                  <tr key={d.district.code} data-district={d.district.code}>
                    <th scope="row">
                      <a href={href('league', { year: props.year, district: d.district.code })}>{d.district.name}</a>
                    </th>
                    <td class="num" data-col="communes">{num(d.progress.communes)}</td>
                    <td class="num" data-col="recognised">{num(d.progress.recognised)}</td>
                    <td class="num" data-col="share">{pct(d.progress.sharePct)}</td>
                    <td class="num" data-col="newly">{num(d.progress.newlyRecognised)}</td>
                    <td class="num" data-col="newPct">{pct(d.progress.newPct)}</td>
                    <td data-col="status">{label(d.progress.status)}</td>
                    <td class="num" data-col="projected">{d.progress.projectedYear ?? '—'}</td>
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
