/**
 * The integrator's explorer at GET /graphql in a browser: GraphiQL, bundled (no file comes from the
 * internet), talking to this hub's graph. The README's example operations open as tabs, taken from
 * the README itself at build time so they cannot drift. A credential signed in on the dashboard (same
 * browser tab) is sent along; others can be typed in the headers editor.
 */
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import readme from '../../README.md?raw';
import { credentialHeaders } from './graph';

export interface ExampleOperation {
  query: string;
  variables?: string;
}

/** Every ```graphql block of the README, with the ```json block right after it as its variables. */
export function readmeOperations(markdown: string): ExampleOperation[] {
  const blocks = [...markdown.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)];
  const operations: ExampleOperation[] = [];
  blocks.forEach((block, i) => {
    if (block[1] !== 'graphql') return;
    const next = blocks[i + 1];
    const between = next ? markdown.slice((block.index ?? 0) + block[0].length, next.index) : '';
    const variables = next?.[1] === 'json' && between.trim() === '' ? next[2]?.trim() : undefined;
    operations.push({ query: (block[2] ?? '').trim(), variables });
  });
  return operations;
}

async function fetcher(params: unknown, options?: { headers?: Record<string, unknown> }): Promise<unknown> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...credentialHeaders(),
  };
  for (const [key, value] of Object.entries(options?.headers ?? {}))
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
  return response.json();
}

/** Queries first (they run as the public, no credential needed), then the mutations, each in README order. */
const examples = readmeOperations(readme).sort(
  (a, b) => Number(a.query.startsWith('mutation')) - Number(b.query.startsWith('mutation')),
);
const element = document.getElementById('explorer');
if (element) {
  createRoot(element).render(
    createElement(GraphiQL, {
      fetcher: fetcher as never,
      defaultTabs: examples.map((e) => ({ query: e.query, variables: e.variables })),
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
      storage: {
        // Fresh tabs from the README on every visit; nothing is kept between visits.
        getItem: () => null,
        setItem: () => undefined,
        removeItem: () => undefined,
        clear: () => undefined,
        length: 0,
      },
    }),
  );
}
