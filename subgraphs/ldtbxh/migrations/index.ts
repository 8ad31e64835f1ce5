import { CreateReference1764300000000 } from './1764300000000-CreateReference';
import { CreateCriteriaSetAssignment1764300000200 } from './1764300000200-CreateCriteriaSetAssignment';
import { AddReferenceAudit1764300000400 } from './1764300000400-AddReferenceAudit';
import { CreateRecognition1764300000600 } from './1764300000600-CreateRecognition';
import { CreateAssessmentStore1764300000810 } from './1764300000810-CreateAssessmentStore';
import { AddAssessmentStoreInputs1764300000820 } from './1764300000820-AddAssessmentStoreInputs';
import { UnitPeriodsAndLineage1764300001500 } from './1764300001500-UnitPeriodsAndLineage';
import { CreateProcedurePeriod1764300001510 } from './1764300001510-CreateProcedurePeriod';
import { CreateReportingRecords1764300021000 } from './1764300021000-CreateReportingRecords';
import { CreateApprovalRequirement1764300013000 } from './1764300013000-CreateApprovalRequirement';
import { AssignCriteriaSetVersion1764300014000 } from './1764300014000-AssignCriteriaSetVersion';
import { RecognitionProcedureSteps1764300022000 } from './1764300022000-RecognitionProcedureSteps';
import { CreateValidationRuleSets1764300023100 } from './1764300023100-CreateValidationRuleSets';
import { AddBoardWatermarks1764300024100 } from './1764300024100-AddBoardWatermarks';

/**
 * The migrations of the `reference` schema (places, categories, criteria sets: the reference data
 * every department reads), which LĐTBXH owns. They run after the department migrations of the same
 * service where their timestamps say so (the audit trail); `scripts/reference-database.ts` runs
 * them alone for the commands that load reference data.
 */
export const REFERENCE_MIGRATIONS = [
  CreateReference1764300000000,
  CreateCriteriaSetAssignment1764300000200,
  AddReferenceAudit1764300000400,
  UnitPeriodsAndLineage1764300001500,
  AssignCriteriaSetVersion1764300014000,
];

/** Every migration of the LĐTBXH service beyond those of a department: the reference schema and its own tables. */
export const LDTBXH_MIGRATIONS = [
  ...REFERENCE_MIGRATIONS,
  CreateRecognition1764300000600,
  CreateAssessmentStore1764300000810,
  AddAssessmentStoreInputs1764300000820,
  CreateProcedurePeriod1764300001510,
  CreateApprovalRequirement1764300013000,
  CreateReportingRecords1764300021000,
  RecognitionProcedureSteps1764300022000,
  CreateValidationRuleSets1764300023100,
  AddBoardWatermarks1764300024100,
];
