import { useState } from 'preact/hooks';
import { Page } from '../components';
import { credential, graph, GraphFailure, setCredential, tokenClaims } from '../graph';
import { label, t } from '../i18n';

/**
 * Sign-in for local use: a person's token or a department system's API key, pasted. It is tried
 * against the graph first (a refused credential is never kept), then kept for this tab only.
 */
export function SignInPage(props: { onChange: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = credential();
  const claims = tokenClaims(current);
  const signIn = async (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    try {
      await graph<{ provinces: { code: string }[] }>('{ provinces { code } }', {}, value);
      setCredential(value);
      setError(null);
      setText('');
      props.onChange();
    } catch (e) {
      setError(e instanceof GraphFailure ? `${t('refused')}: ${e.message}` : String(e));
    }
  };
  return (
    <Page id="signin" title={t('signInTitle')} state="ready">
      <p>{t('publicIntro')}</p>
      {current ? (
        <div class="card" data-signed-in="true">
          <p>
            {t('signedInAs')}
            {claims ? (
              <>
                : {t('role')} <strong data-role={claims.role}>{label(claims.role)}</strong>
                {claims.name ? ` — ${claims.name}` : ''}
                {claims.district ? ` — ${t('district')} ${claims.district}` : ''}
                {claims.commune ? ` — ${t('commune')} ${claims.commune}` : ''}
              </>
            ) : (
              ' (API key)'
            )}
          </p>
          <button
            type="button"
            id="sign-out"
            onClick={() => {
              setCredential(null);
              props.onChange();
            }}
          >
            {t('signOut')}
          </button>
        </div>
      ) : (
        <form class="signin" onSubmit={signIn}>
          <p>{t('signInIntro')}</p>
          <label for="credential">{t('credential')}</label>
          <textarea
            id="credential"
            rows={4}
            autocomplete="off"
            spellcheck={false}
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
          <button type="submit" id="sign-in">
            {t('signIn')}
          </button>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </form>
      )}
    </Page>
  );
}
