/** Procedure: which level recognises and receives reports in each period, and the lineage policy. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { procedureResolvers } from './resolvers';

export const procedureSlice = (): LdtbxhSlice => ldtbxhSlice('procedure', procedureResolvers);
