import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The category of a commune from a given assessment year on. Rows are only ever added: a change
 * of category is a new row, so an assessment of an earlier year still finds the category it used.
 */
@Entity({ schema: 'reference', name: 'commune_category' })
@Index('commune_category_from', ['communeId', 'fromYear'], { unique: true })
export class CommuneCategoryAssignment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'commune_id', type: 'integer' })
  communeId!: number;

  /** URBAN_WARD, MOUNTAIN_ISLAND_DISADVANTAGED or OTHER. */
  @Column({ type: 'text' })
  category!: string;

  @Column({ name: 'from_year', type: 'integer' })
  fromYear!: number;

  /** True until the province confirms the classification. */
  @Column({ type: 'boolean' })
  provisional!: boolean;

  /** Where the classification comes from (a decision, or the provisional rule). */
  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'set_by', type: 'text' })
  setBy!: string;

  @Column({ name: 'set_at', type: 'timestamptz', default: () => 'now()' })
  setAt!: Date;
}
