/** Reports: the annual reports of the districts and the province (the document, its annexes, the officer's sections), their deadlines and submissions. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { narrativeResolvers } from './narrative-resolvers';
import { reportResolvers } from './resolvers';

export const reportsSlice = (): LdtbxhSlice => ldtbxhSlice('reports', reportResolvers, narrativeResolvers);
