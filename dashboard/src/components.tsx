import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GraphError } from './graph';
import { t } from './i18n';
import type { Loaded } from './hooks';

let firstPage = true;

/**
 * A page's frame: its heading, and `data-state` (loading / ready / failed) that tests and screen
 * readers can follow. Moving to another page puts the keyboard focus on its heading (the first
 * page of a visit leaves it at the top, where the skip link is).
 */
export function Page(props: {
  id: string;
  title: string;
  state: 'loading' | 'ready' | 'failed';
  children?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else heading.current?.focus({ preventScroll: true });
  }, [props.id]);
  return (
    <section class="page" data-page={props.id} data-state={props.state} aria-busy={props.state === 'loading'}>
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

export function Status<T>(props: { loaded: Loaded<T> }) {
  if (props.loaded.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (props.loaded.state === 'failed')
    return (
      <p role="alert" class="error">
        {t('failed')}: {props.loaded.message}
      </p>
    );
  return <Errors errors={props.loaded.errors} />;
}

export function Errors(props: { errors: GraphError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div role="alert" class="warning">
      <strong>{t('partial')}</strong>
      <ul>
        {props.errors.map((e, i) => (
          <li key={i}>
            {e.extensions?.messageVi ?? e.message}
            {e.extensions?.code ? ` (${e.extensions.code})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Missing() {
  return <span class="missing">{t('missing')}</span>;
}

export function Provisional() {
  return <span class="tag provisional">{t('provisional')}</span>;
}

export type SortDir = 'asc' | 'desc';

/** A sortable column header: a button inside the th, with aria-sort for assistive technology. */
export function SortHeader(props: {
  label: ComponentChildren;
  column: string;
  sort: { column: string; dir: SortDir };
  onSort: (column: string) => void;
  title?: string;
  class?: string;
}) {
  const active = props.sort.column === props.column;
  return (
    <th
      scope="col"
      class={props.class}
      aria-sort={active ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      title={props.title}
    >
      <button type="button" class="sort" data-sort={props.column} onClick={() => props.onSort(props.column)}>
        {props.label}
        <span aria-hidden="true">{active ? (props.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/** Toggles: the same column flips direction, a new column starts with `first`. */
export function nextSort(
  sort: { column: string; dir: SortDir },
  column: string,
  first: SortDir = 'asc',
): { column: string; dir: SortDir } {
  return sort.column === column ? { column, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: first };
}

export function compare(a: string | number | null, b: string | number | null, dir: SortDir): number {
  // Missing values always last, whatever the direction.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'vi');
  return dir === 'asc' ? order : -order;
}

export interface LineSeries {
  label: string;
  values: (number | null)[];
  colour: string;
  dash?: number[];
}

/**
 * A line chart (uPlot) over years; missing points are gaps, not zeros. The same numbers follow as a
 * table for screen readers and keyboard users.
 */
export function LineChart(props: {
  id: string;
  title: string;
  years: number[];
  series: LineSeries[];
  yMax?: number;
  format: (v: number | null) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = Math.max(320, Math.min(760, element.clientWidth || 640));
    const chart = new uPlot(
      {
        width,
        height: 240,
        title: props.title,
        scales: { x: { time: false }, y: { range: [0, props.yMax ?? null] as never } },
        axes: [
          { values: (_u, ticks) => ticks.map((v) => (Number.isInteger(v) ? String(v) : '')) },
          { values: (_u, ticks) => ticks.map((v) => props.format(v)) },
        ],
        series: [
          { label: t('year') },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.colour,
            width: 2,
            dash: s.dash,
            points: { show: true, size: 7 },
            value: (_u: uPlot, v: number | null) => props.format(v),
          })),
        ],
      },
      [props.years, ...props.series.map((s) => s.values)] as uPlot.AlignedData,
      element,
    );
    return () => chart.destroy();
  }, [JSON.stringify(props.series), props.years.join(','), props.title]);
  return (
    <figure class="chart" id={props.id} aria-label={props.title}>
      <div ref={box} aria-hidden="true" />
      <details>
        <summary>{t('chartTable')}</summary>
        <table class="data" data-chart-table={props.id}>
          <thead>
            <tr>
              <th scope="col">{t('year')}</th>
              {props.series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.years.map((year, i) => (
              <tr key={year}>
                <th scope="row">{year}</th>
                {props.series.map((s) => (
                  <td key={s.label}>{props.format(s.values[i] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
