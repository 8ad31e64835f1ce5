/**
 * What a department hands LĐTBXH for scoring one commune-year (the `<slug>Inputs` fields, resolved
 * by the department, required by LĐTBXH's assessment through federation): exactly what scoring
 * needs — the indicator, its raw inputs, the revision and the source the assessment shows — and
 * a stamp that moves with every change. No note, no reference to a source document, no history:
 * an as-of assessment asks for the values in force at its moment instead (`CommuneYearAsOf`).
 *
 * Sensitive departments' inputs (Công an's) are **sealed** for LĐTBXH: encrypted and authenticated
 * with a key derived from the internal secret, bound to the department, commune, year and moment.
 * The gateway carries them without being able to read them, and no identity — public, replayed or
 * forged by a caller without the internal secret — obtains the raw figures from Công an's
 * subgraph by any query. LĐTBXH opens them and withholds them from callers without a right to them.
 *
 * Sealing is deterministic: the nonce is a keyed hash of what is sealed and what it is bound to (a
 * synthetic IV), so the same values for the same commune-year seal to the same bytes. A nonce thus
 * repeats only with the very same plaintext and binding, which reveals nothing but that the payload
 * did not change — what the answer's validator tells the gateway anyway — and lets the gateway
 * replay a board whose inputs did not move (gateway/replay.ts).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { assertNever } from './assert-never';
import type { DepartmentCode, IndicatorKind } from './criteria/types';

/** One current value as scoring needs it. Absent input fields are null. */
export interface ScoringValue {
  /** Criteria set id the value was published under. */
  set: string;
  indicator: string;
  kind: IndicatorKind;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
  revision: number;
  publishedBy: string;
  /** ISO 8601, UTC. */
  publishedAt: string;
}

/**
 * The state of one department's values for one commune-year: how many there are and the sum of
 * their revision numbers. Values are never deleted and a revision number only grows, so every
 * committed change (a new value, a new revision) makes the stamp grow, whatever order concurrent
 * publications commit in — unlike a maximum id, which a slower transaction can leave behind.
 */
export interface ValueStamp {
  count: number;
  revisions: number;
}

/** The stamp in its written form, `count.revisions` (`0.0` for a commune-year without values). */
export const formatStamp = (stamp: ValueStamp): string => `${stamp.count}.${stamp.revisions}`;
export const EMPTY_STAMP = '0.0';

/** Which commune-year (and moment, '' for now) a payload is about: lists of payloads are matched on it. */
export interface ScoringInputsKey {
  communeCode: string;
  year: number;
  at: string;
}

/** What one `<slug>Inputs` field answers. */
export type ScoringInputs = ScoringInputsKey &
  (
    | { stamp: string; values: ScoringValue[] }
    /** Sealed for LĐTBXH: base64url of iv ‖ ciphertext ‖ tag of the JSON of `values`. */
    | { stamp: string; sealed: string }
  );

/** The stamp of a list of values. */
export function stampOf(values: readonly { revision: number }[]): string {
  return formatStamp({ count: values.length, revisions: values.reduce((sum, v) => sum + v.revision, 0) });
}

const keys = new Map<string, Buffer>();

/** A key derived from the internal secret for `purpose` (derived once per secret and purpose). */
function derivedKey(internalSecret: string, purpose: string): Buffer {
  const id = `${purpose}\0${internalSecret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', internalSecret, 'cfc-hub', purpose, 32));
    keys.set(id, key);
  }
  return key;
}

/** The sealing key. */
const sealingKey = (internalSecret: string): Buffer => derivedKey(internalSecret, 'sealed scoring inputs v1');

/** What a sealed payload is bound to: a payload moved to another commune, year or moment does not open. */
export interface SealContext {
  department: DepartmentCode;
  communeCode: string;
  year: number;
  /** The moment of an as-of payload (ISO), '' for current values. */
  at: string;
}

const aad = (c: SealContext): Buffer => Buffer.from(`${c.department}|${c.communeCode}|${c.year}|${c.at}`, 'utf8');

/** Seals values for LĐTBXH. */
export function sealValues(values: readonly ScoringValue[], internalSecret: string, context: SealContext): string {
  const plain = JSON.stringify(values);
  const bound = aad(context);
  // The synthetic IV: a keyed hash (its own key) of the binding and the plaintext, see the module comment.
  const iv = createHmac('sha256', derivedKey(internalSecret, 'sealed scoring inputs iv v1'))
    .update(bound)
    .update('\0')
    .update(plain, 'utf8')
    .digest()
    .subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(internalSecret), iv);
  cipher.setAAD(bound);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens sealed values. @throws Error when the payload was not sealed by the hub for this context. */
export function openValues(sealed: string, internalSecret: string, context: SealContext): ScoringValue[] {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 12 + 16) throw new Error('sealed scoring inputs are too short');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(internalSecret), raw.subarray(0, 12));
  decipher.setAAD(aad(context));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as ScoringValue[];
}

/** The values of a payload, opened when sealed. */
export function valuesOf(inputs: ScoringInputs, internalSecret: string, context: SealContext): ScoringValue[] {
  return 'sealed' in inputs ? openValues(inputs.sealed, internalSecret, context) : inputs.values;
}

function checkInputs(value: unknown): ScoringInputs {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { stamp?: unknown }).stamp === 'string' &&
    typeof (value as { communeCode?: unknown }).communeCode === 'string' &&
    typeof (value as { year?: unknown }).year === 'number' &&
    typeof (value as { at?: unknown }).at === 'string' &&
    (Array.isArray((value as { values?: unknown }).values) ||
      typeof (value as { sealed?: unknown }).sealed === 'string');
  if (!ok)
    throw new GraphQLError(
      'ScoringInputs must be an object with `communeCode`, `year`, `at`, `stamp` and `values` or `sealed`',
    );
  return value as ScoringInputs;
}

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literal(field.value)]));
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
    case Kind.VARIABLE:
      return null;
    default:
      return assertNever(node, 'GraphQL value');
  }
}

/** The `ScoringInputs` scalar: the payload above, as a JSON object. */
export const ScoringInputsScalar = new GraphQLScalarType({
  name: 'ScoringInputs',
  description: 'What one department hands LĐTBXH for scoring a commune-year (internal; see shared/scoring-inputs.ts).',
  serialize: checkInputs,
  parseValue: checkInputs,
  parseLiteral: (node) => checkInputs(literal(node)),
});

/**
 * The stamps of a board's communes for one department, in their written form
 * `code=count.revisions,code=…` (communes without values are left out: their stamp is `0.0`).
 */
export function formatBoardStamps(stamps: ReadonlyMap<string, ValueStamp>): string {
  return [...stamps].map(([code, stamp]) => `${code}=${formatStamp(stamp)}`).join(',');
}

/** Reads a board's stamps. @throws Error on a malformed string. */
export function parseBoardStamps(text: string): Map<string, string> {
  const stamps = new Map<string, string>();
  if (text === '') return stamps;
  for (const part of text.split(',')) {
    const match = /^(\d{5})=(\d+\.\d+)$/.exec(part);
    if (!match) throw new Error(`malformed board stamp "${part}"`);
    stamps.set(match[1] ?? '', match[2] ?? '');
  }
  return stamps;
}

/**
 * What one department hands LĐTBXH for a board (`AssessmentBoard.<slug>Changes`): the stamp of
 * every commune of the scope holding its values for the year, and the inputs of those whose values
 * changed since `since` (shared/board-since.ts) — of every commune when `since` is '' (LĐTBXH has
 * stored nothing for the scope yet) —, and its watermark, from which the next board asks. LĐTBXH
 * recomputes a commune whose stamp moved from these inputs and, for the departments whose stamp
 * did not move, from the inputs it stored with the assessment.
 */
export interface BoardInputs {
  scope: string;
  year: number;
  since: string;
  /** `code=count.revisions,…` (see {@link formatBoardStamps}). */
  stamps: string;
  /** The department's watermark as it read the stamps (shared/board-since.ts). */
  watermark: string;
  /** By commune code: the commune-year's payload (sealed for a sensitive department). */
  inputs: Record<string, ScoringInputs>;
}

function checkBoardInputs(value: unknown): BoardInputs {
  const v = value as Partial<BoardInputs> | null;
  if (
    !v ||
    typeof v !== 'object' ||
    typeof v.scope !== 'string' ||
    typeof v.year !== 'number' ||
    typeof v.since !== 'string' ||
    typeof v.stamps !== 'string' ||
    typeof v.watermark !== 'string' ||
    typeof v.inputs !== 'object' ||
    v.inputs === null
  ) {
    throw new GraphQLError(
      'BoardInputs must be an object with `scope`, `year`, `since`, `stamps`, `watermark` and `inputs`',
    );
  }
  return v as BoardInputs;
}

/** The `BoardInputs` scalar: the payload above, as a JSON object. */
export const BoardInputsScalar = new GraphQLScalarType({
  name: 'BoardInputs',
  description: 'What one department hands LĐTBXH for a board (internal; see shared/scoring-inputs.ts).',
  serialize: checkBoardInputs,
  parseValue: checkBoardInputs,
  parseLiteral: (node) => checkBoardInputs(literal(node)),
});
