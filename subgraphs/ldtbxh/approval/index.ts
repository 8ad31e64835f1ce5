/** Approval: whether every department's inputs are approved, and whether the province requires it for recognition. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { approvalResolvers } from './resolvers';

export const approvalSlice = (): LdtbxhSlice => ldtbxhSlice('approval', approvalResolvers);
