import { CreateReference1764300000000 } from './1764300000000-CreateReference';
import { CreateCriteriaSetAssignment1764300000200 } from './1764300000200-CreateCriteriaSetAssignment';

/** The migrations of the `reference` schema, run by the LĐTBXH subgraph (its owner). */
export const REFERENCE_MIGRATIONS = [CreateReference1764300000000, CreateCriteriaSetAssignment1764300000200];
