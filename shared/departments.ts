/**
 * The six departments of the provincial plan (DOMAIN §1) and the names the graph uses for them.
 * The order is the order of their default ports, 4001–4006.
 */
import type { DepartmentCode } from './criteria/types';

export type { DepartmentCode };

/** How one department appears in the hub. */
export interface Department {
  code: DepartmentCode;
  /** Subgraph name in the supergraph, PostgreSQL schema of its tables, field name on CommuneYear. */
  slug: string;
  /** Used in type and mutation names, e.g. `publishYteValues`. */
  pascal: string;
  nameVi: string;
}

export const DEPARTMENTS: readonly Department[] = [
  { code: 'LDTBXH', slug: 'ldtbxh', pascal: 'Ldtbxh', nameVi: 'Sở Lao động - Thương binh và Xã hội' },
  { code: 'YTE', slug: 'yte', pascal: 'Yte', nameVi: 'Sở Y tế' },
  { code: 'TUPHAP', slug: 'tuphap', pascal: 'Tuphap', nameVi: 'Sở Tư pháp' },
  { code: 'GDDT', slug: 'gddt', pascal: 'Gddt', nameVi: 'Sở Giáo dục và Đào tạo' },
  { code: 'CONGAN', slug: 'congan', pascal: 'Congan', nameVi: 'Công an tỉnh' },
  { code: 'VHTTDL', slug: 'vhttdl', pascal: 'Vhttdl', nameVi: 'Sở Văn hóa, Thể thao và Du lịch' },
];

/** The department with this code. @throws Error for a code that is not one of the six. */
export function department(code: DepartmentCode): Department {
  const found = DEPARTMENTS.find((d) => d.code === code);
  if (!found) throw new Error(`unknown department ${String(code)}`);
  return found;
}

/** True when `value` is one of the six department codes. */
export function isDepartmentCode(value: string): value is DepartmentCode {
  return DEPARTMENTS.some((d) => d.code === value);
}
