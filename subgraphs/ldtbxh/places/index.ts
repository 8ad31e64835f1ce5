/** Places: provinces, districts and communes with their periods and lineage, categories, CommuneYear. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { placeResolvers } from './resolvers';

export const placesSlice = (): LdtbxhSlice => ldtbxhSlice('places', placeResolvers);
