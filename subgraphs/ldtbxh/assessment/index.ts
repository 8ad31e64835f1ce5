/** Assessment: the scoring of a commune-year, what-if, as-of and the boards of a district, province or the country. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { assessmentResolvers } from './resolvers';

export const assessmentSlice = (): LdtbxhSlice => ldtbxhSlice('assessment', assessmentResolvers);
