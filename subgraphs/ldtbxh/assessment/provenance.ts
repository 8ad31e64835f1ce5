/**
 * The provenance label of a result: CONFIRMED when every figure it rests on is confirmed.
 */
import type { Indicator, Provenance } from '../../../shared/criteria/types';
import type { BandRef, ProvenanceLabel } from './model';

/** The label of a confirmed or provisional figure. */
export const label = (status: Provenance): ProvenanceLabel => (status === 'confirmed' ? 'CONFIRMED' : 'PROVISIONAL');

/** A scored indicator is CONFIRMED when the indicator is, or every band up to the one it reached is. */
export function scoredProvenance(indicator: Indicator, band: BandRef | null): ProvenanceLabel {
  if (indicator.status === 'confirmed') return 'CONFIRMED';
  if (band !== null && (indicator.kind === 'RATE' || indicator.kind === 'COUNT')) {
    const upTo = indicator.bands.slice(0, band.index + 1);
    if (upTo.every((b) => b.status === 'confirmed')) return 'CONFIRMED';
  }
  return 'PROVISIONAL';
}
