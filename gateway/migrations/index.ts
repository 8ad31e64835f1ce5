import { CreateApiKeys1764300000500 } from './1764300000500-CreateApiKeys';

/** The migrations of the gateway's own schema (API keys and their audit trail). */
export const GATEWAY_MIGRATIONS = [CreateApiKeys1764300000500];
