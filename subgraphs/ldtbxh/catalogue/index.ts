/** The criteria-set catalogue: versions loaded, their content, and which set applies to each year. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { catalogueAdminResolvers } from './admin-resolvers';
import { criteriaResolvers } from './resolvers';

export const catalogueSlice = (): LdtbxhSlice => ldtbxhSlice('catalogue', criteriaResolvers, catalogueAdminResolvers);
