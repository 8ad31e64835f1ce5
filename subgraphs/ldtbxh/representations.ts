/**
 * `CommuneYear` and `CommuneYearAsOf` as LĐTBXH's resolvers receive them: the key, and — when the
 * parent is a representation the gateway sent for a field with `@requires` — the other
 * departments' fields that field requires (`<slug>Inputs`, `<slug>Approval`). A parent LĐTBXH
 * made itself (`Commune.year`, a board's `communeYears`) carries the key alone, so every required
 * field is optional: a resolver reads an absent one as the department not answering.
 */
import type { ApprovalView } from '../../shared/department/approval';
import type { CommuneYearAsOfRef, CommuneYearRef } from '../../shared/department/resolvers';
import type { ContributorSlug } from '../../shared/departments';
import type { RequiredFields } from './assessment/inputs';

/** A department's `<slug>Approval` as the `@requires` selection of `inputsApproval` reads it; null when it did not answer. */
export type RequiredApproval = Pick<ApprovalView, 'department' | 'criteriaSetId' | 'state' | 'approved'> | null;

/** Each other department's `<slug>Approval`, as far as the representation carries it. */
export type RequiredApprovals = Partial<Record<`${ContributorSlug}Approval`, RequiredApproval>>;

/** The parent of `CommuneYear`'s fields. */
export type CommuneYearParent = CommuneYearRef & RequiredFields & RequiredApprovals;

/** The parent of `CommuneYearAsOf`'s fields. */
export type CommuneYearAsOfParent = CommuneYearAsOfRef & RequiredFields;
