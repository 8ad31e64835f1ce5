/** The rows of a publishing call, as `hub_published_rows_total` counts them. */
import { recordPublishedRows } from './requests';

/** What {@link countPublished} reads of a publishing result. */
export interface PublishCounts {
  dryRun: boolean;
  replayed: boolean;
  applied: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
}

/**
 * Records the rows of one publishing call for the current request's metrics: created, updated,
 * unchanged and rejected rows of an applied call; for a call an all-or-nothing rejection stopped,
 * its rejected rows and, as `blocked`, the valid rows it did not write. A dry run or a replayed
 * answer (idempotency key) wrote nothing now and counts nothing. Returns `result`.
 */
export function countPublished<T extends PublishCounts>(department: string, result: T): T {
  if (result.dryRun || result.replayed) return result;
  if (result.applied) {
    recordPublishedRows(department, {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      rejected: result.rejectedCount,
    });
  } else {
    recordPublishedRows(department, {
      rejected: result.rejectedCount,
      blocked: result.created + result.updated + result.unchanged,
    });
  }
  return result;
}
