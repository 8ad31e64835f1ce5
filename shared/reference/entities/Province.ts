import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A province (tỉnh / thành phố trực thuộc trung ương), keyed by its 2-digit official code. */
@Entity({ schema: 'reference', name: 'province' })
export class Province {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Vietnamese unit type as published: "tỉnh" or "thành phố". */
  @Column({ type: 'text' })
  type!: string;
}
