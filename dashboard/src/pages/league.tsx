import { compare, nextSort, Page, Provisional, SortHeader, Status, type SortDir } from '../components';
import { heat, LEGEND_STOPS } from '../colour';
import { download, toCsv, toXlsx, CSV_TYPE, XLSX_TYPE, type Cell } from '../export';
import { useGraph } from '../hooks';
import { label, num, t } from '../i18n';
import { href, replaceParams } from '../router';
import { matches } from '../text';

interface BoardCriterion {
  number: number;
  title: string;
  points: number | null;
  maxPoints: number;
  complete: boolean;
  indicators: { state: string }[];
}

export interface BoardRow {
  rank: number;
  commune: {
    code: string;
    name: string;
    /** Null on the two-tier map (from 1 July 2025). */
    district: { code: string; name: string } | null;
    category: { category: string; provisional: boolean } | null;
    year: { recognition: { state: string } | null };
  };
  assessment: {
    total: number;
    maxTotal: number;
    status: string;
    eligible: boolean;
    criteriaSet: { id: string; version: number; provisional: boolean };
    threshold: { points: number; provisional: boolean } | null;
    criteria: BoardCriterion[];
  };
}

interface BoardData {
  assessmentBoard: { scope: string; year: number; assessments: BoardRow[] };
}

/** The league table's one query: every commune of the province assessed for the year, ranked by total. */
export const BOARD_QUERY = `query League($year: Int!) {
  assessmentBoard(year: $year) {
    scope year
    assessments(sort: TOTAL_DESC) {
      rank
      commune { code name district { code name } category(year: $year) { category provisional } year(year: $year) { recognition { state } } }
      assessment {
        total maxTotal status eligible
        criteriaSet { id version provisional }
        threshold { points provisional }
        criteria { number title points maxPoints complete indicators { state } }
      }
    }
  }
}`;

/** A criterion with no scored indicator has no points (`null` from the graph): shown as missing, never as 0. */
export function criterionPoints(c: BoardCriterion | undefined): number | null {
  return c?.points ?? null;
}

const stateOf = (row: BoardRow) => row.commune.year.recognition?.state ?? 'NONE';

/** The total, or null when not one indicator has a value (a sum of nothing is not a score of 0). */
export function totalOf(row: BoardRow): number | null {
  return row.assessment.criteria.some((c) => criterionPoints(c) !== null) ? row.assessment.total : null;
}

export function LeaguePage(props: { year: number; params: URLSearchParams }) {
  const loaded = useGraph<BoardData>(BOARD_QUERY, { year: props.year });
  const district = props.params.get('district') ?? '';
  const category = props.params.get('category') ?? '';
  const state = props.params.get('state') ?? '';
  const q = props.params.get('q') ?? '';
  const sort = {
    column: props.params.get('sort') ?? 'rank',
    dir: (props.params.get('dir') === 'desc' ? 'desc' : 'asc') as SortDir,
  };
  const rows = loaded.state === 'ready' ? loaded.data.assessmentBoard.assessments : [];
  const criteria = [
    ...new Map(rows.flatMap((r) => r.assessment.criteria.map((c) => [c.number, c] as const))).values(),
  ].sort((a, b) => a.number - b.number);
  const districts = [
    ...new Map(
      rows.flatMap((r) => (r.commune.district ? [[r.commune.district.code, r.commune.district.name] as const] : [])),
    ).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1], 'vi'));
  const sets = [
    ...new Map(
      rows.map(
        (r) =>
          [`${r.assessment.criteriaSet.id} v${r.assessment.criteriaSet.version}`, r.assessment.criteriaSet] as const,
      ),
    ).entries(),
  ];

  const sortValue = (row: BoardRow): string | number | null => {
    if (sort.column === 'rank') return row.rank;
    if (sort.column === 'name') return row.commune.name;
    if (sort.column === 'district') return row.commune.district?.name ?? '';
    if (sort.column === 'total') return totalOf(row);
    const n = Number(sort.column.replace(/^c/, ''));
    return criterionPoints(row.assessment.criteria.find((c) => c.number === n));
  };
  const shown = rows
    .filter((r) => !district || r.commune.district?.code === district)
    .filter((r) => !category || r.commune.category?.category === category)
    .filter((r) => !state || stateOf(r) === state)
    .filter((r) => matches(r.commune.name, q) || r.commune.code.startsWith(q.trim()))
    .sort(
      (a, b) =>
        compare(sortValue(a), sortValue(b), sort.dir) ||
        a.rank - b.rank ||
        a.commune.code.localeCompare(b.commune.code),
    );

  const onSort = (column: string) => {
    const next = nextSort(
      sort,
      column,
      column === 'rank' || column === 'name' || column === 'district' ? 'asc' : 'desc',
    );
    replaceParams({ sort: next.column, dir: next.dir });
  };

  /** Exactly the rows and columns shown, in the order shown. Missing data is an empty cell. */
  const table = (): Cell[][] => [
    [
      t('rank'),
      t('code'),
      t('commune'),
      t('district'),
      t('category'),
      ...criteria.map((c) => `${t('criterion')} ${c.number}`),
      t('total'),
      'Max',
      t('threshold'),
      t('dataStatus'),
      t('eligible'),
      t('recognition'),
    ],
    ...shown.map((r) => [
      r.rank,
      r.commune.code,
      r.commune.name,
      r.commune.district?.name ?? '',
      r.commune.category ? label(r.commune.category.category) : null,
      ...criteria.map((c) => criterionPoints(r.assessment.criteria.find((x) => x.number === c.number))),
      totalOf(r),
      r.assessment.maxTotal,
      r.assessment.threshold?.points ?? null,
      label(r.assessment.status),
      r.assessment.eligible ? t('eligible') : t('notEligible'),
      label(stateOf(r)),
    ]),
  ];
  const fileName = `bang-xep-hang-${props.year}${district ? `-huyen-${district}` : ''}`;

  return (
    <Page
      id="league"
      title={`${t('leagueTitle')} — ${props.year}`}
      state={loaded.state}
      actions={
        <div class="actions">
          <button
            type="button"
            data-export="csv"
            disabled={loaded.state !== 'ready'}
            onClick={() => download(toCsv(table()), `${fileName}.csv`, CSV_TYPE)}
          >
            {t('exportCsv')}
          </button>
          <button
            type="button"
            data-export="xlsx"
            disabled={loaded.state !== 'ready'}
            onClick={() => download(toXlsx(table(), String(props.year)), `${fileName}.xlsx`, XLSX_TYPE)}
          >
            {t('exportXlsx')}
          </button>
        </div>
      }
    >
      <Status loaded={loaded} />
      {sets.map(([name, set]) => (
        <p key={name} class="set">
          {name}{' '}
          {set.provisional && (
            <>
              <Provisional /> {t('provisionalSet')}
            </>
          )}
        </p>
      ))}
      <form class="filters" role="search" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('search')}
          <input
            id="search"
            type="search"
            value={q}
            onInput={(e) => replaceParams({ q: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          {t('district')}
          <select
            id="filter-district"
            value={district}
            onChange={(e) => replaceParams({ district: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('allDistricts')}</option>
            {districts.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('category')}
          <select
            id="filter-category"
            value={category}
            onChange={(e) => replaceParams({ category: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('allCategories')}</option>
            {['URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER'].map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('recognition')}
          <select
            id="filter-state"
            value={state}
            onChange={(e) => replaceParams({ state: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('allStates')}</option>
            {[
              'NONE',
              'REGISTERED',
              'SELF_ASSESSED',
              'SUBMITTED',
              'RETURNED',
              'DOSSIER_ACCEPTED',
              'APPRAISED',
              'COUNCIL_REVIEWED',
              'POSTED',
              'RECOGNISED',
              'NOT_RECOGNISED',
              'REAPPRAISAL_REQUESTED',
              'REFUSAL_UPHELD',
              'REVOKED',
            ].map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <output id="shown-count" aria-live="polite">
          {num(shown.length)} / {num(rows.length)} {t('shown')}
        </output>
      </form>
      <p class="legend" aria-label={t('legend')}>
        {t('legend')}:{' '}
        {LEGEND_STOPS.map((s) => (
          <span key={s.from} class="swatch" style={{ background: s.colour }} title={`${s.from} %`} />
        ))}{' '}
        0 % → 100 % · <span class="cell-missing">{t('missing')}</span> = {t('missingData')} · * ={' '}
        {t('partialCriterion')}
      </p>
      <div class="scroll">
        <table class="data heat" data-table="league">
          <caption class="visually-hidden">{t('leagueTitle')}</caption>
          <thead>
            <tr>
              <SortHeader label={t('rank')} column="rank" sort={sort} onSort={onSort} class="num" />
              <SortHeader label={t('commune')} column="name" sort={sort} onSort={onSort} />
              <SortHeader label={t('district')} column="district" sort={sort} onSort={onSort} />
              {criteria.map((c) => (
                <SortHeader
                  key={c.number}
                  label={`${c.number}`}
                  title={`${t('criterion')} ${c.number}: ${c.title} (max ${c.maxPoints})`}
                  column={`c${c.number}`}
                  sort={sort}
                  onSort={onSort}
                  class="num crit"
                />
              ))}
              <SortHeader label={t('total')} column="total" sort={sort} onSort={onSort} class="num" />
              <th scope="col">{t('threshold')}</th>
              <th scope="col">{t('dataStatus')}</th>
              <th scope="col">{t('eligible')}</th>
              <th scope="col">{t('recognition')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.commune.code} data-commune={r.commune.code}>
                <td class="num" data-col="rank">
                  {r.rank}
                </td>
                <th scope="row" data-col="name">
                  <a href={href('commune', { year: props.year }, r.commune.code)}>{r.commune.name}</a>
                </th>
                <td data-col="district">{r.commune.district?.name ?? '—'}</td>
                {criteria.map((c) => {
                  const criterion = r.assessment.criteria.find((x) => x.number === c.number);
                  const points = criterionPoints(criterion);
                  if (points === null || !criterion)
                    return (
                      <td
                        key={c.number}
                        class="cell-missing"
                        data-col={`c${c.number}`}
                        data-value=""
                        title={`${t('criterion')} ${c.number}: ${t('missingData')}`}
                      >
                        {t('missing')}
                      </td>
                    );
                  const colours = heat(points, criterion.maxPoints);
                  const partial = !criterion.complete;
                  return (
                    <td
                      key={c.number}
                      class="num cell"
                      style={colours}
                      data-col={`c${c.number}`}
                      data-value={points}
                      title={`${t('criterion')} ${c.number}: ${num(points)} / ${num(criterion.maxPoints)}${partial ? ` (${t('partialCriterion')})` : ''}`}
                    >
                      {num(points)}
                      {partial ? '*' : ''}
                    </td>
                  );
                })}
                {totalOf(r) === null ? (
                  <td class="cell-missing" data-col="total" data-value="">
                    {t('missing')}
                  </td>
                ) : (
                  <td
                    class="num"
                    data-col="total"
                    data-value={r.assessment.total}
                    title={r.assessment.status === 'COMPLETE' ? undefined : t('partialCriterion')}
                  >
                    <strong>{num(r.assessment.total)}</strong>
                    {r.assessment.status === 'COMPLETE' ? '' : '*'} / {num(r.assessment.maxTotal)}
                  </td>
                )}
                <td class="num" data-col="threshold">
                  {num(r.assessment.threshold?.points)}
                  {r.commune.category?.provisional ? '†' : ''}
                </td>
                <td data-col="status">{label(r.assessment.status)}</td>
                <td data-col="eligible">{r.assessment.eligible ? t('eligible') : t('notEligible')}</td>
                <td data-col="state">{label(stateOf(r))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loaded.state === 'ready' && shown.length === 0 && <p role="status">{t('noRows')}</p>}
      <p class="note">
        † {t('category')}: {t('provisional')}
      </p>
    </Page>
  );
}
