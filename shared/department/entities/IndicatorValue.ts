import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The current value of one indicator for one commune and year, as the owning department last
 * published it. Every earlier value is kept in {@link IndicatorValueRevision}.
 * The table lives in the department's own schema (the DataSource's default schema).
 */
@Entity({ name: 'indicator_value' })
@Index('indicator_value_key', ['communeCode', 'year', 'criteriaSetId', 'indicatorCode'], { unique: true })
export class IndicatorValue {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'commune_code', type: 'varchar', length: 5 })
  communeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'criteria_set_id', type: 'text' })
  criteriaSetId!: string;

  @Column({ name: 'indicator_code', type: 'text' })
  indicatorCode!: string;

  /** RATE, COUNT, BOOLEAN or GRADED: which of the value columns below is filled. */
  @Column({ type: 'text' })
  kind!: string;

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

  /** 1 for the first publication, +1 for each change. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'publication_id', type: 'bigint' })
  publicationId!: string;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'first_published_at', type: 'timestamptz' })
  firstPublishedAt!: Date;
}
