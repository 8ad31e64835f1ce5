/** Recognition: the yearly procedure of a commune, the overview, targets, rewards, streaks and trends across lineage. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { recognitionResolvers } from './resolvers';

export const recognitionSlice = (): LdtbxhSlice => ldtbxhSlice('recognition', recognitionResolvers);
