/**
 * Setting the band of a scope and year (the `setTarget` mutation): who may set it — the province
 * its own band, the administrator a district's (a district sets its own target with setOwnTarget,
 * records-resolvers.ts) — the checks of its percentages and note, and the audited insert. The
 * plan's targets themselves are targets.ts.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration, authorizeProvinceWork } from '../../../shared/authorization';
import { parseDecimal } from '../../../shared/criteria/scoring';
import { hubError } from '../../../shared/errors';
import type { LdtbxhContext } from '../context';
import { requireYear } from './overview';
import { insertTarget } from './store';
import { isScope } from './targets';

/** A band as `setTarget` takes it. */
export interface BandInput {
  scope: string;
  year: number;
  recognisedSharePct?: string | null;
  newMinPct: string;
  newMaxPct: string;
  note: string;
}

function decimalPct(value: string | null | undefined, field: string, required: boolean): string | null {
  if (value === null || value === undefined) {
    if (required) throw hubError('INVALID_TARGET', `${field} is required`, { field });
    return null;
  }
  const parsed = parseDecimal(value);
  if (parsed === null || parsed.units > 100n * 10n ** BigInt(parsed.scale) || parsed.scale > 2) {
    throw hubError('INVALID_TARGET', `${field} "${value}" is not a percentage from 0 to 100 with at most 2 decimals`, {
      field,
    });
  }
  return value;
}

/**
 * Records the band of `input.scope` for `input.year` and returns the stored row.
 *
 * @throws UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (year), INVALID_TARGET (scope, a percentage
 *   not from 0 to 100 with at most 2 decimals, a minimum above the maximum, a note empty or over
 *   500 characters).
 */
export async function setBand(ctx: LdtbxhContext, input: BandInput) {
  // The province sets its own band; a district's band stays the administrator's (a district sets its own target with setOwnTarget).
  const province = /^province:([0-9]{2})$/.exec(input.scope)?.[1];
  if (province !== undefined) authorizeProvinceWork(ctx.identity, province, `set the targets of province ${province}`);
  else authorizeAdministration(ctx.identity, 'set the band of a district');
  if (!isScope(input.scope))
    throw hubError('INVALID_TARGET', `scope "${input.scope}" is not province:<code> or district:<code>`, {
      field: 'scope',
    });
  const year = requireYear(input.year);
  const share = decimalPct(input.recognisedSharePct, 'recognisedSharePct', false);
  const min = decimalPct(input.newMinPct, 'newMinPct', true) ?? '0';
  const max = decimalPct(input.newMaxPct, 'newMaxPct', true) ?? '0';
  if (Number(min) > Number(max))
    throw hubError('INVALID_TARGET', `newMinPct ${min} is above newMaxPct ${max}`, { field: 'newMinPct' });
  const note = input.note.normalize('NFC').trim();
  if (note === '' || note.length > 500)
    throw hubError('INVALID_TARGET', 'note must say where the target comes from, 1–500 characters', {
      field: 'note',
    });
  const actor = actorFor(ctx.identity, ctx.requestId);
  return withActor(ctx.services.db.dataSource, actor, (m) =>
    insertTarget(m, {
      scope: input.scope,
      year,
      recognisedSharePct: share,
      newMinPct: min,
      newMaxPct: max,
      note,
      provisional: false,
      setBy: actor.name,
    }),
  );
}
