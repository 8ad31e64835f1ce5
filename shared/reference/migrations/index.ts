import { CreateReference1764300000000 } from './1764300000000-CreateReference';
import { CreateCriteriaSetAssignment1764300000200 } from './1764300000200-CreateCriteriaSetAssignment';
import { AddReferenceAudit1764300000400 } from './1764300000400-AddReferenceAudit';
import { UnitPeriodsAndLineage1764300001500 } from './1764300001500-UnitPeriodsAndLineage';

/**
 * The migrations of the `reference` schema, run by the LĐTBXH subgraph (its owner). They run after
 * the department migrations of the same service where their timestamps say so (the audit trail).
 */
export const REFERENCE_MIGRATIONS = [CreateReference1764300000000, CreateCriteriaSetAssignment1764300000200, AddReferenceAudit1764300000400, UnitPeriodsAndLineage1764300001500];
