import { useState } from 'preact/hooks';
import { credential, tokenClaims } from './graph';
import { label, lang, setLang, t, type Lang } from './i18n';
import { CommunePage } from './pages/commune';
import { IntakePage } from './pages/intake';
import { LeaguePage } from './pages/league';
import { OverviewPage } from './pages/overview';
import { ReportsPage } from './pages/reports';
import { SignInPage } from './pages/signin';
import { href, replaceParams, useRoute, type Route } from './router';

/** The year shown when the URL names none: 2020, the target year of plan 965/KH-UBND. */
export const DEFAULT_YEAR = 2020;
export const FIRST_YEAR = 2015;

export function yearOf(route: Route): number {
  const year = Number(route.params.get('year'));
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= 2100 ? year : DEFAULT_YEAR;
}

export function App() {
  const route = useRoute();
  const [, rerender] = useState(0);
  const year = yearOf(route);
  const who = credential();
  const claims = tokenClaims(who);
  const years = Array.from(
    { length: Math.max(DEFAULT_YEAR, new Date().getFullYear()) - FIRST_YEAR + 1 },
    (_, i) => FIRST_YEAR + i,
  );
  const nav: [Route['page'], string][] = [
    ['overview', t('navOverview')],
    ['league', t('navLeague')],
    ['reports', t('navReports')],
    ['intake', t('navIntake')],
    ['signin', who ? t('signedInAs') : t('navSignIn')],
  ];
  const switchLang = (next: Lang) => {
    setLang(next);
    rerender((n) => n + 1);
  };
  return (
    <div class="app" key={`${lang()}|${who ?? ''}`}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skip')}
      </a>
      <header class="top">
        <div class="brand">
          <strong>{t('appTitle')}</strong>
          <span>{t('province')}</span>
        </div>
        <nav aria-label={t('navOverview')}>
          <ul>
            {nav.map(([page, text]) => (
              <li key={page}>
                <a href={href(page, { year })} aria-current={route.page === page ? 'page' : undefined} data-nav={page}>
                  {text}
                </a>
              </li>
            ))}
            <li>
              <a href="/graphql" data-nav="explorer">
                {t('navExplorer')}
              </a>
            </li>
          </ul>
        </nav>
        <div class="controls">
          <label>
            {t('year')}{' '}
            <select
              id="year"
              value={String(year)}
              onChange={(e) => replaceParams({ year: (e.target as HTMLSelectElement).value })}
            >
              {years.map((y) => (
                <option key={y} value={String(y)}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <div role="group" aria-label={t('language')} class="lang">
            <button type="button" aria-pressed={lang() === 'vi'} onClick={() => switchLang('vi')} data-lang="vi">
              Tiếng Việt
            </button>
            <button type="button" aria-pressed={lang() === 'en'} onClick={() => switchLang('en')} data-lang="en">
              English
            </button>
          </div>
          <span class="who" data-who={claims?.role ?? (who ? 'API_KEY' : 'PUBLIC')}>
            {who
              ? `${t('signedInAs')}: ${claims ? `${label(claims.role)}${claims.district ? ` ${claims.district}` : ''}${claims.commune ? ` ${claims.commune}` : ''}` : 'API key'}`
              : t('publicView')}
          </span>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'overview' && <OverviewPage year={year} />}
        {route.page === 'league' && <LeaguePage year={year} params={route.params} />}
        {route.page === 'commune' && route.code && <CommunePage code={route.code} year={year} />}
        {route.page === 'reports' && <ReportsPage year={year} />}
        {route.page === 'intake' && <IntakePage year={year} />}
        {route.page === 'signin' && <SignInPage onChange={() => rerender((n) => n + 1)} />}
      </main>
      <footer>
        <p>{t('publicIntro')}</p>
      </footer>
    </div>
  );
}
