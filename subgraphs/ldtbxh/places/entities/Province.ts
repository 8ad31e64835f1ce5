import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A province (tỉnh / thành phố trực thuộc trung ương), keyed in the graph by its 2-digit official
 * code. One row per period of validity: the 2025 reorganisation ends the 63 provinces of the old
 * map on 30 June 2025 and begins the 34 of the new one, some under the same codes.
 */
@Entity({ schema: 'reference', name: 'province' })
@Index('province_code_current', ['code'], { unique: true, where: 'valid_to IS NULL' })
export class Province {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 2 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Vietnamese unit type as published: "tỉnh" or "thành phố". */
  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  source!: string;
}
