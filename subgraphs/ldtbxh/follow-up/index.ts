/** Following up the departments: completeness of their publications, deadlines, reminders. */
import { ldtbxhSlice, type LdtbxhSlice } from '../slice';
import { followUpResolvers } from './resolvers';

export const followUpSlice = (): LdtbxhSlice => ldtbxhSlice('follow-up', followUpResolvers);
