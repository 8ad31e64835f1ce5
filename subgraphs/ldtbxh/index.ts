import { runSubgraphMain } from '../../shared/main';
import { ldtbxhModule } from './server';

runSubgraphMain('LDTBXH', ldtbxhModule());
