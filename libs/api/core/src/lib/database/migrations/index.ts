import { HealthTransitions1763700000000 } from './1763700000000-health-transitions';
import { IdentityAndAudit1763800000000 } from './1763800000000-identity-and-audit';

/**
 * Every migration, in order. The app bundle cannot glob files at run time, so a migration made
 * with `npm run migration:generate` is added here by hand.
 */
export const MIGRATIONS = [HealthTransitions1763700000000, IdentityAndAudit1763800000000];
