/**
 * The Sở Văn hóa, Thể thao và Du lịch subgraph (VHTTDL): publishes and serves the department's indicator values.
 * Builds the module; never listens (index.ts does).
 */
import { department } from '../../shared/departments';
import { departmentModule } from '../../shared/department/module';

export const vhttdlModule = () => departmentModule(department('VHTTDL'));
