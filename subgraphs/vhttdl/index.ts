import { runSubgraphMain } from '../../shared/main';
import { vhttdlModule } from './server';

runSubgraphMain('VHTTDL', vhttdlModule());
