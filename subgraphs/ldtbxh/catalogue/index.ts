/** The criteria-set catalogue: versions loaded, their content, which set applies to each year, and the validation rule sets' versions. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { catalogueAdminResolvers } from './admin-resolvers';
import { criteriaResolvers } from './resolvers';
import { ruleSetResolvers } from './rule-sets';

export const catalogueSlice = (): LdtbxhSlice =>
  ldtbxhSlice('catalogue', criteriaResolvers, catalogueAdminResolvers, ruleSetResolvers);
