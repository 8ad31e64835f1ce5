/**
 * Criteria sets: the national standards a commune is assessed against, as validated data.
 *
 * - `types`: the document format (`cfc-criteria-set/1`);
 * - `validate`: `parseCriteriaSet`, `loadCriteriaSetFile`, `contentHash` and the error codes;
 * - `scoring`: exact scoring of one indicator and input checks for publishing mutations;
 * - `assess`: the assessment of one commune and year (conditions, missing data, gaps, what-if);
 * - `explain`: its one-paragraph Vietnamese summary.
 *
 * The format is documented in `docs/criteria-sets.md`.
 */
export * from './types';
export * from './validate';
export * from './scoring';
export * from './assess';
export * from './explain';
