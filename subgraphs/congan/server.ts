/**
 * The Công an tỉnh subgraph (CONGAN): publishes and serves the department's indicator values.
 * Builds the module; never listens (index.ts does).
 */
import { department } from '../../shared/departments';
import { departmentModule } from '../../shared/department/module';

export const conganModule = () => departmentModule(department('CONGAN'));
