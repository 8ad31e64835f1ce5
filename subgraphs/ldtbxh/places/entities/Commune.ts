import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A commune-level unit (xã, phường, thị trấn), keyed in the graph by its 5-digit official code.
 * One row per period of validity, so a merger or a reused code never rewrites the past.
 */
@Entity({ schema: 'reference', name: 'commune' })
@Index('commune_code_current', ['code'], { unique: true, where: 'valid_to IS NULL' })
@Index('commune_district', ['districtCode'])
export class Commune {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 5 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** "xã", "phường", "thị trấn" or (from 1 July 2025) "đặc khu", as published. */
  @Column({ type: 'text' })
  type!: string;

  /** Null on the two-tier map (from 1 July 2025). */
  @Column({ name: 'district_code', type: 'varchar', length: 3, nullable: true })
  districtCode!: string | null;

  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  source!: string;
}
