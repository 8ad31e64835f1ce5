import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One published state of an indicator value. Append-only: a trigger refuses updates and deletes. */
@Entity({ name: 'indicator_value_revision' })
@Index('indicator_value_revision_key', ['valueId', 'revision'], { unique: true })
export class IndicatorValueRevision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'value_id', type: 'bigint' })
  valueId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'publication_id', type: 'bigint' })
  publicationId!: string;

  @Column({ type: 'integer', nullable: true })
  numerator!: number | null;

  @Column({ type: 'integer', nullable: true })
  denominator!: number | null;

  @Column({ type: 'integer', nullable: true })
  count!: number | null;

  @Column({ type: 'boolean', nullable: true })
  flag!: boolean | null;

  @Column({ type: 'text', nullable: true })
  grade!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef!: string | null;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
