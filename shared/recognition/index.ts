/**
 * Recognition of child-friendly communes: the yearly procedure of plan 965/KH-UBND and what
 * follows from it. Pure functions only — the LĐTBXH subgraph stores the cycles and enforces who
 * may act.
 *
 * - `cycle`: the state machine of one commune's year (REGISTER … RECOGNISE / REFUSE, REVOKE),
 *   detail validation and the precondition of RECOGNISE;
 * - `streaks`: consecutive recognised years and the reward lists (3 and 5 years in a row);
 * - `targets`: the plan's targets (3–5 % newly recognised a year, 80 % by 2020) and progress;
 * - `reports`: the district and province reports, CSV and XLSX, and their deadlines.
 *
 * The rules are documented in `docs/recognition.md`.
 */
export * from './cycle';
export * from './streaks';
export * from './targets';
export * from './reports';
