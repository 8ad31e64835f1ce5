import { runSubgraphMain } from '../../shared/main';
import { tuphapModule } from './server';

runSubgraphMain('TUPHAP', tuphapModule());
