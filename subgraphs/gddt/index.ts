import { runSubgraphMain } from '../../shared/main';
import { gddtModule } from './server';

runSubgraphMain('GDDT', gddtModule());
