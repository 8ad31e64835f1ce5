import { runSubgraphMain } from '../../shared/main';
import { yteModule } from './server';

runSubgraphMain('YTE', yteModule());
