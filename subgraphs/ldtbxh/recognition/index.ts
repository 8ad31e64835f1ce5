/** Recognition: the yearly procedure of a commune, the overview, targets (bands and the levels' own), rewards and their records, streaks and trends across lineage. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { recordsResolvers } from './records-resolvers';
import { recognitionResolvers } from './resolvers';

export const recognitionSlice = (): LdtbxhSlice => ldtbxhSlice('recognition', recognitionResolvers, recordsResolvers);
