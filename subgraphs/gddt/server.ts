/**
 * The Sở Giáo dục và Đào tạo subgraph (GDDT): publishes and serves the department's indicator values.
 * Builds the module; never listens (index.ts does).
 */
import { department } from '../../shared/departments';
import { departmentModule } from '../../shared/department/module';

export const gddtModule = () => departmentModule(department('GDDT'));
