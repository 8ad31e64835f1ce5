/**
 * Resolvers of the compatibility suite's "products" subgraph. Thin by design: each one is a
 * lookup in `data.ts`; a key that matches nothing resolves to `null`, as the federation spec
 * expects of `_entities`.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { RequestScope } from '../../../shared/apollo';
import {
  DIMENSION,
  averageProductsCreatedPerYear,
  deprecatedProductBySkuAndPackage,
  inventoryById,
  productById,
  productBySkuAndPackage,
  productBySkuAndVariation,
  researchByCaseNumber,
  userByEmail,
  type DeprecatedProduct,
  type Inventory,
  type Product,
  type ProductResearch,
  type UserRecord,
} from './data';

/** A `Product` representation, by any of its three `@key`s. */
type ProductReference = { id: string } | { sku: string; package: string } | { sku: string; variation: { id: string } };

/** A `User` representation: the key, plus the `@requires` fields when the router sends them. */
interface UserReference {
  email: string;
  totalProductsCreated?: number | null;
  yearsOfEmployment?: number | null;
}

type UserParent = UserRecord & { yearsOfEmployment?: number | null };

function resolveProductReference(reference: ProductReference): Product | null {
  if ('id' in reference) return productById(reference.id);
  if ('package' in reference) return productBySkuAndPackage(reference.sku, reference.package);
  return productBySkuAndVariation(reference.sku, reference.variation.id);
}

/**
 * The products subgraph's user, with what the router sent for the `@requires` fields taking
 * precedence over the locally `@provides`d total (the router's value is the owner's).
 */
function resolveUserReference(reference: UserReference): UserParent | null {
  const user = userByEmail(reference.email);
  if (!user) return null;
  return {
    ...user,
    totalProductsCreated: reference.totalProductsCreated ?? user.totalProductsCreated,
    yearsOfEmployment: reference.yearsOfEmployment ?? null,
  };
}

export const resolvers: GraphQLResolverMap<RequestScope> = {
  Query: {
    product: (_: unknown, args: { id: string }): Product | null => productById(args.id),
    deprecatedProduct: (_: unknown, args: { sku: string; package: string }): DeprecatedProduct | null =>
      deprecatedProductBySkuAndPackage(args.sku, args.package),
  },
  Product: {
    __resolveReference: resolveProductReference,
    variation: (product: Product) => ({ id: product.variationId }),
    dimensions: () => DIMENSION,
    createdBy: (product: Product): UserRecord | null => userByEmail(product.createdByEmail),
    research: (product: Product): ProductResearch[] =>
      product.researchCaseNumbers.flatMap((caseNumber) => researchByCaseNumber(caseNumber) ?? []),
  },
  DeprecatedProduct: {
    __resolveReference: (reference: { sku: string; package: string }) =>
      deprecatedProductBySkuAndPackage(reference.sku, reference.package),
    createdBy: (product: DeprecatedProduct): UserRecord | null => userByEmail(product.createdByEmail),
  },
  ProductResearch: {
    __resolveReference: (reference: { study: { caseNumber: string } }) =>
      researchByCaseNumber(reference.study.caseNumber),
  },
  User: {
    __resolveReference: resolveUserReference,
    averageProductsCreatedPerYear: (user: UserParent): number | null =>
      averageProductsCreatedPerYear(user.totalProductsCreated, user.yearsOfEmployment),
  },
  Inventory: {
    __resolveReference: (reference: { id: string }) => inventoryById(reference.id),
    deprecatedProducts: (inventory: Inventory): DeprecatedProduct[] =>
      inventory.deprecatedProductKeys.flatMap((key) => deprecatedProductBySkuAndPackage(key.sku, key.package) ?? []),
  },
};
