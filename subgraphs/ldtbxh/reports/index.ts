/** Reports: the annual reports of the districts and the province, their deadlines and submissions. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { reportResolvers } from './resolvers';

export const reportsSlice = (): LdtbxhSlice => ldtbxhSlice('reports', reportResolvers);
