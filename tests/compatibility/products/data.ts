/**
 * The "products" data set of the Apollo Federation subgraph compatibility suite, as its
 * specification (COMPATIBILITY.md of apollographql/apollo-federation-subgraph-compatibility) fixes
 * it, and the lookups by each `@key`. Every lookup answers `null` for a key it does not know.
 *
 * The data is a constant fixture held in memory: a lookup costs nothing, so there is no loader to
 * batch it (the departments' subgraphs, which read PostgreSQL, do use per-request loaders).
 */

export interface ProductDimension {
  size: string;
  weight: number;
  unit: string;
}

export interface CaseStudy {
  caseNumber: string;
  description: string;
}

export interface ProductResearch {
  study: CaseStudy;
  outcome: string | null;
}

/** The products subgraph's own view of a user: the fields it owns, overrides or `@provides`. */
export interface UserRecord {
  email: string;
  /** `@override(from: "users")`: this subgraph answers the name. */
  name: string;
  /** `@external` but `@provides`d on `Product.createdBy`. */
  totalProductsCreated: number;
}

export interface Product {
  id: string;
  sku: string;
  package: string;
  variationId: string;
  researchCaseNumbers: readonly string[];
  createdByEmail: string;
  notes: string | null;
}

export interface DeprecatedProduct {
  sku: string;
  package: string;
  reason: string;
  createdByEmail: string;
}

/** The `@interfaceObject` view of the inventory subgraph's `Inventory` interface. */
export interface Inventory {
  id: string;
  deprecatedProductKeys: readonly { sku: string; package: string }[];
}

export const DIMENSION: Readonly<ProductDimension> = { size: 'small', weight: 1, unit: 'kg' };

const USERS: readonly UserRecord[] = [
  { email: 'support@apollographql.com', name: 'Jane Smith', totalProductsCreated: 1337 },
];

const RESEARCH: readonly ProductResearch[] = [
  { study: { caseNumber: '1234', description: 'Federation Study' }, outcome: null },
  { study: { caseNumber: '1235', description: 'Studio Study' }, outcome: null },
];

const PRODUCTS: readonly Product[] = [
  {
    id: 'apollo-federation',
    sku: 'federation',
    package: '@apollo/federation',
    variationId: 'OSS',
    researchCaseNumbers: ['1234'],
    createdByEmail: 'support@apollographql.com',
    notes: null,
  },
  {
    id: 'apollo-studio',
    sku: 'studio',
    package: '',
    variationId: 'platform',
    researchCaseNumbers: ['1235'],
    createdByEmail: 'support@apollographql.com',
    notes: null,
  },
];

const DEPRECATED_PRODUCTS: readonly DeprecatedProduct[] = [
  {
    sku: 'apollo-federation-v1',
    package: '@apollo/federation-v1',
    reason: 'Migrate to Federation V2',
    createdByEmail: 'support@apollographql.com',
  },
];

const INVENTORIES: readonly Inventory[] = [
  { id: 'apollo-oss', deprecatedProductKeys: [{ sku: 'apollo-federation-v1', package: '@apollo/federation-v1' }] },
];

export function userByEmail(email: string): UserRecord | null {
  return USERS.find((user) => user.email === email) ?? null;
}

export function productById(id: string): Product | null {
  return PRODUCTS.find((product) => product.id === id) ?? null;
}

/** `@key(fields: "sku package")`. The empty string is a real package name (apollo-studio's). */
export function productBySkuAndPackage(sku: string, pkg: string): Product | null {
  return PRODUCTS.find((product) => product.sku === sku && product.package === pkg) ?? null;
}

/** `@key(fields: "sku variation { id }")`. */
export function productBySkuAndVariation(sku: string, variationId: string): Product | null {
  return PRODUCTS.find((product) => product.sku === sku && product.variationId === variationId) ?? null;
}

export function deprecatedProductBySkuAndPackage(sku: string, pkg: string): DeprecatedProduct | null {
  return DEPRECATED_PRODUCTS.find((product) => product.sku === sku && product.package === pkg) ?? null;
}

export function researchByCaseNumber(caseNumber: string): ProductResearch | null {
  return RESEARCH.find((research) => research.study.caseNumber === caseNumber) ?? null;
}

export function inventoryById(id: string): Inventory | null {
  return INVENTORIES.find((inventory) => inventory.id === id) ?? null;
}

/**
 * `User.averageProductsCreatedPerYear`, from the two fields it `@requires`: `null` when either is
 * unknown or there is no year to divide by, as the specification's data set says.
 */
export function averageProductsCreatedPerYear(
  totalProductsCreated: number | null | undefined,
  yearsOfEmployment: number | null | undefined,
): number | null {
  if (!totalProductsCreated || !yearsOfEmployment) return null;
  return Math.round(totalProductsCreated / yearsOfEmployment);
}
