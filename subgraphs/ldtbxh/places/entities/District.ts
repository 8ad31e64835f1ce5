import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A district-level unit (huyện, thị xã, thành phố thuộc tỉnh, quận). One row per period of
 * validity: a unit that changes gets a new row, the old one keeps its history.
 */
@Entity({ schema: 'reference', name: 'district' })
@Index('district_code_current', ['code'], { unique: true, where: 'valid_to IS NULL' })
export class District {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 3 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  /** First day of validity; null when it predates the hub's records. */
  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  /** Last day of validity; null while the unit exists. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** Which published list the row came from. */
  @Column({ type: 'text' })
  source!: string;
}
