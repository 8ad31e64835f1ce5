import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CYCLE_ACTION_TYPES, TRANSITIONS } from '../../../subgraphs/ldtbxh/recognition/cycle';
import { ACTION_FIELDS } from '../../../subgraphs/ldtbxh/recognition/action-details';

/** The transition table of docs/recognition.md §2, so the documentation cannot drift from the code. */
function documentedTransitions(): Record<string, { from: (string | null)[]; to: string; carries: string[] }> {
  const doc = readFileSync(join(__dirname, '../../../docs/recognition.md'), 'utf8');
  const section = doc.split('## 2. The cycle of one commune and year')[1]?.split('\n## ')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => /^\| [A-Z_]+ \|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  return Object.fromEntries(
    rows.map(([action = '', from = '', to = '', carries = '']) => [
      action,
      {
        from: from.split(', ').map((s) => (s === '(none)' ? null : s)),
        to,
        carries: carries === '—' || carries === 'commune, year' ? [] : carries.split(', '),
      },
    ]),
  );
}

describe('docs/recognition.md', () => {
  it('documents exactly the transitions and fields of the code', () => {
    const documented = documentedTransitions();
    expect(Object.keys(documented)).toEqual([...CYCLE_ACTION_TYPES]);
    for (const action of CYCLE_ACTION_TYPES) {
      expect([action, documented[action]]).toEqual([
        action,
        {
          from: [...TRANSITIONS[action].from],
          to: TRANSITIONS[action].to,
          carries: Object.keys(ACTION_FIELDS[action]),
        },
      ]);
    }
  });
});
