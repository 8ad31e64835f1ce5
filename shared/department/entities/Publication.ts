import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One accepted publishing call: who sent it, when, and what it changed. Append-only. */
@Entity({ name: 'publication' })
export class Publication {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'criteria_set_id', type: 'text' })
  criteriaSetId!: string;

  @Column({ name: 'criteria_set_version', type: 'integer' })
  criteriaSetVersion!: number;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ type: 'integer' })
  created!: number;

  @Column({ type: 'integer' })
  updated!: number;

  @Column({ type: 'integer' })
  unchanged!: number;

  @Column({ type: 'integer' })
  rejected!: number;
}
