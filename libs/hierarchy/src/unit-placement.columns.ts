import { Column } from 'typeorm';

/**
 * Where a record's council sits in the tree, copied onto records that are
 * counted or listed by subtree (facts, plans), so those queries need no join
 * with the unit history.
 */
export abstract class UnitPlacementColumns {
  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  @Column({ type: 'varchar', length: 10 })
  unitLevel: string;

  /** The province-level root. */
  @Column({ type: 'varchar', length: 10 })
  rootCode: string;

  /** The district-level unit above (itself for a district); null for a province's own council. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  districtCode: string | null;
}
