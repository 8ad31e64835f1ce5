import { useEffect, useState } from 'preact/hooks';
import { graph, GraphFailure, type GraphError } from './graph';

export type Loaded<T> =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: T; errors: GraphError[] };

/** Runs a query whenever its variables change; the latest answer wins. */
export function useGraph<T>(query: string, variables: Record<string, unknown>, enabled = true): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setResult({ state: 'loading' });
    graph<T>(query, variables).then(
      ({ data, errors }) => live && setResult({ state: 'ready', data: data as T, errors }),
      (error: unknown) =>
        live && setResult({ state: 'failed', message: error instanceof GraphFailure ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [query, key, enabled]);
  return result;
}
