import { runSubgraphMain } from '../../shared/main';
import { conganModule } from './server';

runSubgraphMain('CONGAN', conganModule());
