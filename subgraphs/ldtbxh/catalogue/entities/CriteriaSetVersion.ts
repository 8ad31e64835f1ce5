import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One immutable version of a criteria set. The validated document is stored whole; a change is a
 * new version, and the content hash proves a version was never edited in place.
 */
@Entity({ schema: 'reference', name: 'criteria_set_version' })
export class CriteriaSetVersion {
  @PrimaryColumn({ name: 'set_id', type: 'text' })
  setId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'jsonb' })
  document!: unknown;

  @Column({ name: 'loaded_at', type: 'timestamptz', default: () => 'now()' })
  loadedAt!: Date;

  @Column({ name: 'loaded_by', type: 'text' })
  loadedBy!: string;
}
